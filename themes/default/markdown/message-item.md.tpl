{{#IT_TITLE}}<a id="{{MSG_ANCHOR}}"></a>

### Message {{MSG_NAME}}

{{/IT_TITLE}}{{#MSG_TITLE}}{{MSG_TITLE}}

{{/MSG_TITLE}}{{#MSG_SUMMARY}}{{MSG_SUMMARY}}

{{/MSG_SUMMARY}}{{#MSG_FACTS}}| | |
|---|---|
{{/MSG_FACTS}}{{#MSG_CONTENT_TYPE}}| Content type | {{MSG_CONTENT_TYPE}}{{#MSG_CONTENT_TYPE_DEFAULT}} (document default){{/MSG_CONTENT_TYPE_DEFAULT}} |
{{/MSG_CONTENT_TYPE}}{{#MSG_MESSAGE_ID}}| Message ID | {{MSG_MESSAGE_ID}} |
{{/MSG_MESSAGE_ID}}{{#MSG_SCHEMA_FORMAT}}| Schema format | {{MSG_SCHEMA_FORMAT}} |
{{/MSG_SCHEMA_FORMAT}}{{#MSG_CORRELATION}}| Correlation ID | {{#CORR_LOCATION}}{{CORR_LOCATION}}{{/CORR_LOCATION}} |
{{/MSG_CORRELATION}}{{#MSG_TRAITS}}| Traits | {{MSG_TRAITS}} applied |
{{/MSG_TRAITS}}

{{#MSG_DESCRIPTION_HTML}}{{MSG_DESCRIPTION_HTML}}

{{/MSG_DESCRIPTION_HTML}}{{#MSG_PART}}**{{PART_LABEL}}**{{#PART_TYPE}} ({{PART_TYPE}}){{/PART_TYPE}}{{#PART_LINK}}, schema [{{LINK_NAME}}]({{LINK_URL}}){{/PART_LINK}}

{{>SCHEMA_TREE}}
{{/MSG_PART}}{{#MSG_EXAMPLES}}**Examples**

{{#MSG_EXAMPLE}}*{{EX_NAME}}*{{#EX_GENERATED}} (generated from the schema){{/EX_GENERATED}}{{#EX_SUMMARY}}: {{EX_SUMMARY}}{{/EX_SUMMARY}}

{{#EX_HEADERS}}Headers:

{{EX_HEADERS_HTML}}

{{/EX_HEADERS}}{{#EX_PAYLOAD}}Payload:

{{EX_PAYLOAD_HTML}}

{{/EX_PAYLOAD}}{{#EX_NONE}}The payload's schema says nothing an example could be made from.

{{/EX_NONE}}{{/MSG_EXAMPLE}}{{/MSG_EXAMPLES}}{{#MSG_CHANNELS}}**Channels:** {{#MSG_CHANNEL}}[{{LINK_NAME}}]({{LINK_URL}}){{#MSG_CHANNEL_separator}}, {{/MSG_CHANNEL_separator}}{{/MSG_CHANNEL}}

{{/MSG_CHANNELS}}{{#MSG_OPS}}**Operations:** {{#MSG_OP}}{{LINK_LABEL}} [{{LINK_NAME}}]({{LINK_URL}}){{#MSG_OP_separator}}, {{/MSG_OP_separator}}{{/MSG_OP}}

{{/MSG_OPS}}
{{>BINDINGS}}
{{>TAGS}}
{{>EXTDOCS}}
{{>EXTENSIONS}}
