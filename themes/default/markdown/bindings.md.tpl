{{#BINDING}}**{{B_PROTOCOL}} binding**{{#B_VERSION}} (version {{B_VERSION}}){{/B_VERSION}}

{{#B_EMPTY}}No settings.

{{/B_EMPTY}}{{#B_ROW}}- {{B_FIELD}}: {{#B_TEXT}}{{B_TEXT}}{{/B_TEXT}}{{#B_CODE_HTML}}

{{B_CODE_HTML}}
{{/B_CODE_HTML}}{{#B_SCHEMA}}

{{>SCHEMA_TREE}}
{{/B_SCHEMA}}
{{/B_ROW}}

{{/BINDING}}
