{{#IT_TITLE}}<a id="{{CH_ANCHOR}}"></a>

### Channel {{CH_NAME}}

{{/IT_TITLE}}{{#CH_ADDRESS}}**Address** {{CH_ADDRESS}}

{{/CH_ADDRESS}}{{#CH_DYNAMIC}}**Address** unknown or dynamic (set at runtime).

{{/CH_DYNAMIC}}{{#CH_TITLE}}{{CH_TITLE}}

{{/CH_TITLE}}{{#CH_SUMMARY}}{{CH_SUMMARY}}

{{/CH_SUMMARY}}{{#CH_DESCRIPTION_HTML}}{{CH_DESCRIPTION_HTML}}

{{/CH_DESCRIPTION_HTML}}{{#CH_PARAMS}}**Parameters**

{{#CH_PARAM}}- **{{PARAM_NAME}}**{{#PARAM_TYPE}} ({{PARAM_TYPE}}){{/PARAM_TYPE}}{{#PARAM_LOCATION}}, location {{PARAM_LOCATION}}{{/PARAM_LOCATION}}{{#PARAM_DEFAULT}}, default {{PARAM_DEFAULT}}{{/PARAM_DEFAULT}}{{#PARAM_ENUM}}, allowed values: {{PARAM_ENUM}}{{/PARAM_ENUM}}{{#PARAM_EXAMPLES}}, examples: {{PARAM_EXAMPLES}}{{/PARAM_EXAMPLES}}{{#PARAM_DESCRIPTION_HTML}}

  {{PARAM_DESCRIPTION_HTML}}
{{/PARAM_DESCRIPTION_HTML}}
{{/CH_PARAM}}
{{/CH_PARAMS}}{{#CH_HAS_SERVERS}}**Servers:** {{/CH_HAS_SERVERS}}{{#ALL_SERVERS}}every server{{/ALL_SERVERS}}{{#CH_SERVERS}}{{#CH_SERVER}}[{{LINK_NAME}}]({{LINK_URL}}){{#CH_SERVER_separator}}, {{/CH_SERVER_separator}}{{/CH_SERVER}}{{/CH_SERVERS}}{{#CH_HAS_SERVERS}}

{{/CH_HAS_SERVERS}}{{#CH_OPS}}**Operations**

{{#CH_OP}}- {{LINK_LABEL}} [{{LINK_NAME}}]({{LINK_URL}}){{#LINK_SUMMARY}}: {{LINK_SUMMARY}}{{/LINK_SUMMARY}}
{{/CH_OP}}
{{/CH_OPS}}{{#CH_REPLIES}}**Replies to** (operations whose reply comes here)

{{#CH_REPLY}}- {{LINK_LABEL}} [{{LINK_NAME}}]({{LINK_URL}})
{{/CH_REPLY}}
{{/CH_REPLIES}}{{#CH_MSGS}}**Messages**

{{#CH_MSG}}- [{{LINK_NAME}}]({{LINK_URL}}){{#LINK_SUMMARY}}: {{LINK_SUMMARY}}{{/LINK_SUMMARY}}
{{/CH_MSG}}
{{/CH_MSGS}}
{{>BINDINGS}}
{{>TAGS}}
{{>EXTDOCS}}
{{>EXTENSIONS}}
