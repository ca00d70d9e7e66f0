{{%AUTOESCAPE context="HTML"}}
{{! One component schema: its page, or a part of the single page. }}
<article class="item schema" id="{{SC_ANCHOR}}">
{{#IT_TITLE}}<h2 class="item-title"><span class="kind">Schema</span> {{SC_NAME}} <a class="permalink" href="#{{SC_ANCHOR}}" aria-label="Link to schema {{SC_NAME}}">#</a></h2>{{/IT_TITLE}}
<dl class="facts">
{{#SC_TYPE}}<dt>Type</dt><dd><span class="type">{{SC_TYPE}}</span></dd>{{/SC_TYPE}}
{{#SC_TITLE}}<dt>Title</dt><dd>{{SC_TITLE}}</dd>{{/SC_TITLE}}
{{#SC_FORMAT}}<dt>Format</dt><dd><code>{{SC_FORMAT}}</code></dd>{{/SC_FORMAT}}
</dl>
{{#SC_DESCRIPTION_HTML}}<div class="markdown">{{SC_DESCRIPTION_HTML:none}}</div>{{/SC_DESCRIPTION_HTML}}
{{>SCHEMA_TREE}}
{{#SC_MSGS}}
<h2 id="{{SC_SUB_ANCHOR}}-messages">Used by</h2>
<ul class="links">
{{#SC_MSG}}<li><a href="{{LINK_URL}}">{{LINK_NAME}}</a></li>{{/SC_MSG}}
</ul>
{{/SC_MSGS}}
{{#SC_SOURCE}}
<details class="source">
<summary>Source</summary>
<pre class="code"><code>{{SC_SOURCE_HTML:none}}</code></pre>
</details>
{{/SC_SOURCE}}
</article>
