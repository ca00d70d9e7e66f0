{{#IT_TITLE}}<a id="{{SC_ANCHOR}}"></a>

### Schema {{SC_NAME}}

{{/IT_TITLE}}{{#SC_TYPE}}**Type** {{SC_TYPE}}{{/SC_TYPE}}{{#SC_TITLE}} · **Title** {{SC_TITLE}}{{/SC_TITLE}}{{#SC_FORMAT}} · **Format** {{SC_FORMAT}}{{/SC_FORMAT}}

{{#SC_DESCRIPTION_HTML}}{{SC_DESCRIPTION_HTML}}

{{/SC_DESCRIPTION_HTML}}{{>SCHEMA_TREE}}
{{#SC_MSGS}}**Used by:** {{#SC_MSG}}[{{LINK_NAME}}]({{LINK_URL}}){{#SC_MSG_separator}}, {{/SC_MSG_separator}}{{/SC_MSG}}

{{/SC_MSGS}}
