{{! The page of one operation: a title, a way back, the item (ITEM). }}
[{{SITE_TITLE}}]({{INDEX_URL}}) › [Operations]({{INDEX_URL}}#operations) › {{TITLE}}

# Operation {{TITLE}}{{#CHANGE_BADGE}} ([{{BADGE_TEXT}}]({{BADGE_URL}})){{/CHANGE_BADGE}}

{{>ITEM}}
{{>FOOTER}}
