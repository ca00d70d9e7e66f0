{{#SEC_HEADING}}**Security**{{#SEC_ANY}} (any one of these is enough){{/SEC_ANY}}

{{/SEC_HEADING}}{{#SEC_SET}}{{#SEC_NONE}}- No security required.
{{/SEC_NONE}}{{#SEC_REQ}}{{#SEC_UNKNOWN}}- An undefined security scheme.
{{/SEC_UNKNOWN}}{{#SEC_KNOWN}}- **{{SEC_NAME}}**{{#SEC_TYPE}} ({{SEC_TYPE}}){{/SEC_TYPE}}{{#SEC_PARAM}}, name {{SEC_PARAM}}{{/SEC_PARAM}}{{#SEC_IN}}, in {{SEC_IN}}{{/SEC_IN}}{{#SEC_SCHEME}}, scheme {{SEC_SCHEME}}{{/SEC_SCHEME}}{{#SEC_BEARER}}, bearer format {{SEC_BEARER}}{{/SEC_BEARER}}{{#SEC_OIDC}}, OpenID Connect URL {{SEC_OIDC}}{{/SEC_OIDC}}{{#SEC_SCOPES}}, required scopes: {{SEC_SCOPES}}{{/SEC_SCOPES}}
{{#SEC_FLOW}}  - OAuth flow {{FLOW_KIND}}{{#FLOW_AUTH_URL}}, authorization URL [{{FLOW_AUTH_URL}}]({{FLOW_AUTH_URL}}){{/FLOW_AUTH_URL}}{{#FLOW_TOKEN_URL}}, token URL [{{FLOW_TOKEN_URL}}]({{FLOW_TOKEN_URL}}){{/FLOW_TOKEN_URL}}{{#FLOW_REFRESH_URL}}, refresh URL [{{FLOW_REFRESH_URL}}]({{FLOW_REFRESH_URL}}){{/FLOW_REFRESH_URL}}{{#FLOW_SCOPES}}; scopes: {{#FLOW_SCOPE}}{{SCOPE_NAME}}{{#SCOPE_DESCRIPTION}} ({{SCOPE_DESCRIPTION}}){{/SCOPE_DESCRIPTION}}{{#FLOW_SCOPE_separator}}, {{/FLOW_SCOPE_separator}}{{/FLOW_SCOPE}}{{/FLOW_SCOPES}}
{{/SEC_FLOW}}{{#SEC_DESCRIPTION_HTML}}
  {{SEC_DESCRIPTION_HTML}}

{{/SEC_DESCRIPTION_HTML}}{{/SEC_KNOWN}}{{/SEC_REQ}}{{/SEC_SET}}

