{{%AUTOESCAPE context="HTML"}}
{{! One table per protocol; schema-valued fields (Kafka key, query, }}
{{! headers) as schema trees, other objects as highlighted JSON.   }}
<div class="bindings">
{{#BINDING}}
<table class="kv binding binding-{{B_KEY}}">
<caption>{{B_PROTOCOL}} binding{{#B_VERSION}} <span class="badge">v{{B_VERSION}}</span>{{/B_VERSION}}</caption>
{{#B_EMPTY}}<tbody><tr><td colspan="2">No settings.</td></tr></tbody>{{/B_EMPTY}}
{{#B_ROW}}
<tr><th scope="row"><code>{{B_FIELD}}</code></th><td>{{#B_TEXT}}<code>{{B_TEXT}}</code>{{/B_TEXT}}{{#B_CODE_HTML}}<pre class="code"><code>{{B_CODE_HTML:none}}</code></pre>{{/B_CODE_HTML}}{{#B_SCHEMA}}{{>SCHEMA_TREE}}{{/B_SCHEMA}}</td></tr>
{{/B_ROW}}
</table>
{{/BINDING}}
</div>
