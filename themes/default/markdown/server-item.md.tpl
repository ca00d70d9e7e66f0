<a id="{{SV_ANCHOR}}"></a>

### {{SV_NAME}}

{{#SV_URL}}**URL** {{SV_URL}}{{/SV_URL}}{{#SV_PROTOCOL}} · **Protocol** {{SV_PROTOCOL}}{{#SV_PROTOCOL_VERSION}} {{SV_PROTOCOL_VERSION}}{{/SV_PROTOCOL_VERSION}}{{/SV_PROTOCOL}}

{{#SV_TITLE}}{{SV_TITLE}}

{{/SV_TITLE}}{{#SV_SUMMARY}}{{SV_SUMMARY}}

{{/SV_SUMMARY}}{{#SV_DESCRIPTION_HTML}}{{SV_DESCRIPTION_HTML}}

{{/SV_DESCRIPTION_HTML}}{{#SV_VARS}}**Variables**

| Name | Default | Allowed values | Description |
|---|---|---|---|
{{#SV_VAR}}| {{VAR_NAME}} | {{#VAR_DEFAULT}}{{VAR_DEFAULT}}{{/VAR_DEFAULT}} | {{#VAR_ENUM}}{{VAR_ENUM}}{{/VAR_ENUM}}{{#VAR_EXAMPLES}} e.g. {{VAR_EXAMPLES}}{{/VAR_EXAMPLES}} | {{#VAR_DESCRIPTION_HTML}}(see below){{/VAR_DESCRIPTION_HTML}} |
{{/SV_VAR}}
{{#SV_VAR}}{{#VAR_DESCRIPTION_HTML}}- {{VAR_NAME}}: {{VAR_DESCRIPTION_HTML}}
{{/VAR_DESCRIPTION_HTML}}{{/SV_VAR}}
{{/SV_VARS}}
{{>SECURITY}}
{{>BINDINGS}}
{{>TAGS}}
{{>EXTDOCS}}
{{>EXTENSIONS}}
{{#SV_CHANNELS}}**Channels on this server:** {{#SV_CHANNEL}}[{{LINK_NAME}}]({{LINK_URL}}){{#SV_CHANNEL_separator}}, {{/SV_CHANNEL_separator}}{{/SV_CHANNEL}}

{{/SV_CHANNELS}}
