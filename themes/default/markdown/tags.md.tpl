**Tags:** {{#TAG}}{{TAG_NAME}}{{#TAG_EXTDOCS}} ([docs]({{TAG_EXTDOCS_URL}})){{/TAG_EXTDOCS}}{{#TAG_separator}}, {{/TAG_separator}}{{/TAG}}

{{#TAG}}{{#TAG_DESCRIPTION_HTML}}- {{TAG_NAME}}: {{TAG_DESCRIPTION_HTML}}
{{/TAG_DESCRIPTION_HTML}}{{/TAG}}
