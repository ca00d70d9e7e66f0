{{! The index page (index.md) or, with --single-file, the whole document  }}
{{! (asyncapi.md). Markdown templates are expanded as written: blank lines }}
{{! matter. Every value was escaped for Markdown by render.c; *_HTML ones  }}
{{! are Markdown or code blocks we made (safe), *_URL ones link targets.  }}
# {{TITLE}}

**Version** {{VERSION}} · **AsyncAPI** {{ASYNCAPI_VERSION}}
{{#CHANGES_LINK}}
[Changes]({{CHANGES_URL}}) since {{CHANGES_FROM}}: {{CHANGES_COUNTS}}
{{/CHANGES_LINK}}
{{#DESCRIPTION_HTML}}{{DESCRIPTION_HTML}}
{{/DESCRIPTION_HTML}}

## Contents

- [Information](#information)
{{#SERVERS}}- [Servers](#servers)
{{/SERVERS}}{{#SCHEMES}}- [Security schemes](#security-schemes)
{{/SCHEMES}}{{#CHANNEL_TABLE}}- [Channels](#channels)
{{/CHANNEL_TABLE}}{{#CHANNELS}}- [Channels](#channels)
{{/CHANNELS}}{{#OPERATION_TABLE}}- [Operations](#operations)
{{/OPERATION_TABLE}}{{#OPERATIONS}}- [Operations](#operations)
{{/OPERATIONS}}{{#MESSAGE_TABLE}}- [Messages](#messages)
{{/MESSAGE_TABLE}}{{#MESSAGES}}- [Messages](#messages)
{{/MESSAGES}}{{#SCHEMA_TABLE}}- [Schemas](#schemas)
{{/SCHEMA_TABLE}}{{#SCHEMAS}}- [Schemas](#schemas)
{{/SCHEMAS}}

## Information

| | |
|---|---|
| Version | {{VERSION}} |
| AsyncAPI | {{ASYNCAPI_VERSION}} |
{{#ID}}| Identifier | {{ID}} |
{{/ID}}{{#DEFAULT_CONTENT_TYPE}}| Default content type | {{DEFAULT_CONTENT_TYPE}} |
{{/DEFAULT_CONTENT_TYPE}}{{#LICENSE}}| License | {{#LICENSE_LINK}}[{{LICENSE_TEXT}}]({{LICENSE_URL}}){{/LICENSE_LINK}}{{#LICENSE_PLAIN}}{{LICENSE_TEXT}}{{/LICENSE_PLAIN}} |
{{/LICENSE}}{{#TERMS}}| Terms of service | [{{TERMS_URL}}]({{TERMS_URL}}) |
{{/TERMS}}{{#CONTACT}}| Contact | {{#CONTACT_NAME}}{{CONTACT_NAME}} {{/CONTACT_NAME}}{{#CONTACT_URL}}[{{CONTACT_URL}}]({{CONTACT_URL}}) {{/CONTACT_URL}}{{#CONTACT_EMAIL}}{{CONTACT_EMAIL}}{{/CONTACT_EMAIL}} |
{{/CONTACT}}

{{>EXTDOCS}}
{{>TAGS}}
{{>EXTENSIONS}}
{{>GRAPH}}
{{#SERVERS}}## Servers

{{#SERVER}}{{>ITEM}}
{{/SERVER}}{{/SERVERS}}
{{#SCHEMES}}## Security schemes

Declared by the document; no server or operation requires them.

{{>SECURITY}}
{{/SCHEMES}}{{#CHANNEL_TABLE}}## Channels

| Channel | Address | Summary |
|---|---|---|
{{#CHANNEL_ROW}}| [{{ROW_NAME}}]({{ROW_URL}}) | {{#ROW_ADDRESS}}{{ROW_ADDRESS}}{{/ROW_ADDRESS}} | {{#ROW_SUMMARY}}{{ROW_SUMMARY}}{{/ROW_SUMMARY}} |
{{/CHANNEL_ROW}}
{{/CHANNEL_TABLE}}
{{#OPERATION_TABLE}}## Operations

| Action | Operation | Channel | Summary |
|---|---|---|---|
{{#OPERATION_ROW}}| {{ROW_LABEL}} | [{{ROW_NAME}}]({{ROW_URL}}) | {{#ROW_CHANNEL}}[{{ROW_CHANNEL_NAME}}]({{ROW_CHANNEL_URL}}){{/ROW_CHANNEL}} | {{#ROW_SUMMARY}}{{ROW_SUMMARY}}{{/ROW_SUMMARY}} |
{{/OPERATION_ROW}}
{{/OPERATION_TABLE}}
{{#MESSAGE_TABLE}}## Messages

| Message | Content type | Summary |
|---|---|---|
{{#MESSAGE_ROW}}| [{{ROW_NAME}}]({{ROW_URL}}) | {{#ROW_CONTENT_TYPE}}{{ROW_CONTENT_TYPE}}{{/ROW_CONTENT_TYPE}} | {{#ROW_SUMMARY}}{{ROW_SUMMARY}}{{/ROW_SUMMARY}} |
{{/MESSAGE_ROW}}
{{/MESSAGE_TABLE}}
{{#SCHEMA_TABLE}}## Schemas

| Schema | Type | Summary |
|---|---|---|
{{#SCHEMA_ROW}}| [{{ROW_NAME}}]({{ROW_URL}}) | {{#ROW_TYPE}}{{ROW_TYPE}}{{/ROW_TYPE}} | {{#ROW_SUMMARY}}{{ROW_SUMMARY}}{{/ROW_SUMMARY}} |
{{/SCHEMA_ROW}}
{{/SCHEMA_TABLE}}
{{#CHANNELS}}## Channels

{{#CHANNEL}}{{>ITEM}}
{{/CHANNEL}}{{/CHANNELS}}
{{#OPERATIONS}}## Operations

{{#OPERATION}}{{>ITEM}}
{{/OPERATION}}{{/OPERATIONS}}
{{#MESSAGES}}## Messages

{{#MESSAGE}}{{>ITEM}}
{{/MESSAGE}}{{/MESSAGES}}
{{#SCHEMAS}}## Schemas

{{#SCHEMA}}{{>ITEM}}
{{/SCHEMA}}{{/SCHEMAS}}
{{>FOOTER}}
