{{! The page of one message: a title, a way back, the item (ITEM). }}
[{{SITE_TITLE}}]({{INDEX_URL}}) › [Messages]({{INDEX_URL}}#messages) › {{TITLE}}

# Message {{TITLE}}

{{>ITEM}}
{{>FOOTER}}
