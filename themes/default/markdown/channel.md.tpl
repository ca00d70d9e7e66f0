{{! The page of one channel: a title, a way back, the item (ITEM). }}
[{{SITE_TITLE}}]({{INDEX_URL}}) › [Channels]({{INDEX_URL}}#channels) › {{TITLE}}

# Channel {{TITLE}}

{{>ITEM}}
{{>FOOTER}}
