**Extensions**

| Key | Value |
|---|---|
{{#EXT}}| {{EXT_KEY}} | {{#EXT_TEXT}}{{EXT_TEXT}}{{/EXT_TEXT}}{{#EXT_CODE_HTML}}(see below){{/EXT_CODE_HTML}} |
{{/EXT}}
{{#EXT}}{{#EXT_CODE_HTML}}
{{EXT_KEY}}:

{{EXT_CODE_HTML}}
{{/EXT_CODE_HTML}}{{/EXT}}

