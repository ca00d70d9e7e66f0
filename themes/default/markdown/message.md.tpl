{{! The page of one message: a title, a way back, the item (ITEM). }}
[{{SITE_TITLE}}]({{INDEX_URL}}) › [Messages]({{INDEX_URL}}#messages) › {{TITLE}}

# Message {{TITLE}}{{#CHANGE_BADGE}} ([{{BADGE_TEXT}}]({{BADGE_URL}})){{/CHANGE_BADGE}}

{{>ITEM}}
{{>FOOTER}}
