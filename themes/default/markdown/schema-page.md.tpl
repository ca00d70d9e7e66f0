{{! The page of one schema: a title, a way back, the item (ITEM). }}
[{{SITE_TITLE}}]({{INDEX_URL}}) › [Schemas]({{INDEX_URL}}#schemas) › {{TITLE}}

# Schema {{TITLE}}

{{>ITEM}}
{{>FOOTER}}
