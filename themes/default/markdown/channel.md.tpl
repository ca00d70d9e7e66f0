{{! The page of one channel: a title, a way back, the item (ITEM). }}
[{{SITE_TITLE}}]({{INDEX_URL}}) › [Channels]({{INDEX_URL}}#channels) › {{TITLE}}

# Channel {{TITLE}}{{#CHANGE_BADGE}} ([{{BADGE_TEXT}}]({{BADGE_URL}})){{/CHANGE_BADGE}}

{{>ITEM}}
{{>FOOTER}}
