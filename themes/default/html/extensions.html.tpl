{{%AUTOESCAPE context="HTML"}}
<table class="kv extensions">
<caption>Extensions</caption>
<thead><tr><th scope="col">Key</th><th scope="col">Value</th></tr></thead>
<tbody>
{{#EXT}}
<tr><th scope="row"><code>{{EXT_KEY}}</code></th><td>{{#EXT_TEXT}}<code>{{EXT_TEXT}}</code>{{/EXT_TEXT}}{{#EXT_CODE_HTML}}<pre class="code"><code>{{EXT_CODE_HTML:none}}</code></pre>{{/EXT_CODE_HTML}}</td></tr>
{{/EXT}}
</tbody>
</table>
