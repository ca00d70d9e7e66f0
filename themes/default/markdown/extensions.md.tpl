**Extensions**

| Key | Value |
|---|---|
{{#EXT}}| {{EXT_KEY}} | {{#EXT_TEXT}}{{EXT_TEXT}}{{/EXT_TEXT}}{{#EXT_CODE_HTML}}(object, see the document){{/EXT_CODE_HTML}} |
{{/EXT}}

