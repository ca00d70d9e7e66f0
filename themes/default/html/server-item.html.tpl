{{%AUTOESCAPE context="HTML"}}
{{! One server, in full (a section of the index page). The URL is one }}
{{! line, protocol://host/path, its {variables} in <var>.              }}
<article class="item server" id="{{SV_ANCHOR}}">
<h2 class="item-title">{{SV_NAME}} <a class="permalink" href="#{{SV_ANCHOR}}" aria-label="Link to server {{SV_NAME}}">#</a>{{#SV_PROTOCOL}} <span class="badge">{{SV_PROTOCOL}}{{#SV_PROTOCOL_VERSION}} {{SV_PROTOCOL_VERSION}}{{/SV_PROTOCOL_VERSION}}</span>{{/SV_PROTOCOL}}</h2>
{{#SV_URL}}<p class="address"><code>{{#URL_PART}}{{#URL_TEXT}}{{URL_TEXT}}{{/URL_TEXT}}{{#URL_VAR}}<var>{{URL_VAR}}</var>{{/URL_VAR}}{{/URL_PART}}</code></p>{{/SV_URL}}
{{#SV_TITLE}}<p class="title">{{SV_TITLE}}</p>{{/SV_TITLE}}
{{#SV_SUMMARY}}<p class="summary">{{SV_SUMMARY}}</p>{{/SV_SUMMARY}}
{{#SV_DESCRIPTION_HTML}}<div class="markdown">{{SV_DESCRIPTION_HTML:none}}</div>{{/SV_DESCRIPTION_HTML}}
{{#SV_VARS}}
<table class="kv variables">
<caption>Variables</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Default</th><th scope="col">Allowed values</th><th scope="col">Description</th></tr></thead>
<tbody>
{{#SV_VAR}}
<tr><th scope="row"><code>{{VAR_NAME}}</code></th><td>{{#VAR_DEFAULT}}<code>{{VAR_DEFAULT}}</code>{{/VAR_DEFAULT}}</td><td>{{#VAR_ENUM}}{{VAR_ENUM}}{{/VAR_ENUM}}{{#VAR_EXAMPLES}}<span class="examples">e.g. {{VAR_EXAMPLES}}</span>{{/VAR_EXAMPLES}}</td><td>{{#VAR_DESCRIPTION_HTML}}<div class="markdown">{{VAR_DESCRIPTION_HTML:none}}</div>{{/VAR_DESCRIPTION_HTML}}</td></tr>
{{/SV_VAR}}
</tbody>
</table>
{{/SV_VARS}}
{{>SECURITY}}
{{>BINDINGS}}
{{>TAGS}}
{{>EXTDOCS}}
{{>EXTENSIONS}}
{{#SV_CHANNELS}}
<details class="server-channels">
<summary>Channels on this server</summary>
<ul>
{{#SV_CHANNEL}}<li><a href="{{LINK_URL}}">{{LINK_NAME}}</a>{{#LINK_ADDRESS}} <code>{{LINK_ADDRESS}}</code>{{/LINK_ADDRESS}}</li>{{/SV_CHANNEL}}
</ul>
</details>
{{/SV_CHANNELS}}
</article>
