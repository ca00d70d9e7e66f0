{{#IT_TITLE}}<a id="{{OP_ANCHOR}}"></a>

### {{OP_LABEL}} {{OP_NAME}}

{{/IT_TITLE}}{{#OP_TITLE}}{{OP_TITLE}}

{{/OP_TITLE}}{{#OP_SUMMARY}}{{OP_SUMMARY}}

{{/OP_SUMMARY}}| | |
|---|---|
| Action | {{OP_LABEL}} ({{OP_KEYWORD}}) |
{{#OP_CHANNEL}}| Channel | [{{LINK_NAME}}]({{LINK_URL}}){{#LINK_ADDRESS}} ({{LINK_ADDRESS}}){{/LINK_ADDRESS}} |
{{/OP_CHANNEL}}{{#OP_OPERATION_ID}}| Operation ID | {{OP_OPERATION_ID}} |
{{/OP_OPERATION_ID}}{{#ALL_SERVERS}}| Servers | every server |
{{/ALL_SERVERS}}{{#OP_SERVERS}}| Servers | {{#OP_SERVER}}[{{LINK_NAME}}]({{LINK_URL}}){{#OP_SERVER_separator}}, {{/OP_SERVER_separator}}{{/OP_SERVER}} |
{{/OP_SERVERS}}{{#OP_TRAITS}}| Traits | {{OP_TRAITS}} applied |
{{/OP_TRAITS}}

{{#OP_DESCRIPTION_HTML}}{{OP_DESCRIPTION_HTML}}

{{/OP_DESCRIPTION_HTML}}{{#OP_MSGS}}**Messages**

{{#OP_MSG}}- [{{LINK_NAME}}]({{LINK_URL}}){{#LINK_SUMMARY}}: {{LINK_SUMMARY}}{{/LINK_SUMMARY}}
{{/OP_MSG}}
{{/OP_MSGS}}{{#OP_REPLY}}**Reply**

{{#REPLY_CHANNEL}}- Channel: [{{LINK_NAME}}]({{LINK_URL}})
{{/REPLY_CHANNEL}}{{#REPLY_ADDRESS}}- Address: {{REPLY_ADDRESS}}
{{/REPLY_ADDRESS}}{{#REPLY_MSGS}}- Messages: {{#REPLY_MSG}}[{{LINK_NAME}}]({{LINK_URL}}){{#REPLY_MSG_separator}}, {{/REPLY_MSG_separator}}{{/REPLY_MSG}}
{{/REPLY_MSGS}}{{#REPLY_EMPTY}}- A reply is expected; the document does not say where.
{{/REPLY_EMPTY}}
{{/OP_REPLY}}
{{>SNIPPETS}}
{{>SECURITY}}
{{>BINDINGS}}
{{>TAGS}}
{{>EXTDOCS}}
{{>EXTENSIONS}}
