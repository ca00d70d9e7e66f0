{{%AUTOESCAPE context="HTML"}}
{{! Security requirements: any one SEC_SET is enough (SEC_ANY), every }}
{{! SEC_REQ of a set is needed. Each scheme is shown in full.        }}
{{! SEC_HEADING: a requirement (not the index's unused schemes).    }}
<div class="security">
{{#SEC_HEADING}}<p class="block-title">Security</p>{{/SEC_HEADING}}
{{#SEC_ANY}}<p class="note">Any one of these is enough:</p>{{/SEC_ANY}}
{{#SEC_SET}}
<div class="security-set">
{{#SEC_NONE}}<p>No security required.</p>{{/SEC_NONE}}
{{#SEC_REQ}}
{{#SEC_UNKNOWN}}<p class="warning">An undefined security scheme.</p>{{/SEC_UNKNOWN}}
{{#SEC_KNOWN}}
<dl class="facts scheme">
<dt>Scheme</dt><dd><strong>{{SEC_NAME}}</strong>{{#SEC_TYPE}} <span class="badge">{{SEC_TYPE}}</span>{{/SEC_TYPE}}</dd>
{{#SEC_PARAM}}<dt>Name</dt><dd><code>{{SEC_PARAM}}</code></dd>{{/SEC_PARAM}}
{{#SEC_IN}}<dt>In</dt><dd>{{SEC_IN}}</dd>{{/SEC_IN}}
{{#SEC_SCHEME}}<dt>HTTP scheme</dt><dd>{{SEC_SCHEME}}</dd>{{/SEC_SCHEME}}
{{#SEC_BEARER}}<dt>Bearer format</dt><dd>{{SEC_BEARER}}</dd>{{/SEC_BEARER}}
{{#SEC_OIDC}}<dt>OpenID Connect URL</dt><dd><a href="{{SEC_OIDC}}">{{SEC_OIDC}}</a></dd>{{/SEC_OIDC}}
{{#SEC_SCOPES}}<dt>Required scopes</dt><dd>{{SEC_SCOPES}}</dd>{{/SEC_SCOPES}}
{{#SEC_FLOW}}
<dt>OAuth flow</dt><dd><strong>{{FLOW_KIND}}</strong>
<ul class="plain">
{{#FLOW_AUTH_URL}}<li>Authorization URL: <a href="{{FLOW_AUTH_URL}}">{{FLOW_AUTH_URL}}</a></li>{{/FLOW_AUTH_URL}}
{{#FLOW_TOKEN_URL}}<li>Token URL: <a href="{{FLOW_TOKEN_URL}}">{{FLOW_TOKEN_URL}}</a></li>{{/FLOW_TOKEN_URL}}
{{#FLOW_REFRESH_URL}}<li>Refresh URL: <a href="{{FLOW_REFRESH_URL}}">{{FLOW_REFRESH_URL}}</a></li>{{/FLOW_REFRESH_URL}}
</ul>
{{#FLOW_SCOPES}}
<ul class="scopes" aria-label="Scopes">
{{#FLOW_SCOPE}}<li><code>{{SCOPE_NAME}}</code>{{#SCOPE_DESCRIPTION}}: {{SCOPE_DESCRIPTION}}{{/SCOPE_DESCRIPTION}}</li>{{/FLOW_SCOPE}}
</ul>
{{/FLOW_SCOPES}}
</dd>
{{/SEC_FLOW}}
</dl>
{{#SEC_DESCRIPTION_HTML}}<div class="markdown">{{SEC_DESCRIPTION_HTML:none}}</div>{{/SEC_DESCRIPTION_HTML}}
{{>EXTENSIONS}}
{{/SEC_KNOWN}}
{{/SEC_REQ}}
</div>
{{/SEC_SET}}
</div>
