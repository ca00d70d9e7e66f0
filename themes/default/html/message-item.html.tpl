{{%AUTOESCAPE context="HTML"}}
{{! One message: its page, or a part of the single page (IT_TITLE). }}
<article class="item message" id="{{MSG_ANCHOR}}">
{{#IT_TITLE}}<h2 class="item-title"><span class="kind">Message</span> {{MSG_NAME}} <a class="permalink" href="#{{MSG_ANCHOR}}" aria-label="Link to message {{MSG_NAME}}">#</a></h2>{{/IT_TITLE}}
{{#MSG_TITLE}}<p class="title">{{MSG_TITLE}}</p>{{/MSG_TITLE}}
{{#MSG_SUMMARY}}<p class="summary">{{MSG_SUMMARY}}</p>{{/MSG_SUMMARY}}
<dl class="facts">
{{#MSG_CONTENT_TYPE}}<dt>Content type</dt><dd><code>{{MSG_CONTENT_TYPE}}</code>{{#MSG_CONTENT_TYPE_DEFAULT}} <span class="muted">(document default)</span>{{/MSG_CONTENT_TYPE_DEFAULT}}</dd>{{/MSG_CONTENT_TYPE}}
{{#MSG_MESSAGE_ID}}<dt>Message ID</dt><dd><code>{{MSG_MESSAGE_ID}}</code></dd>{{/MSG_MESSAGE_ID}}
{{#MSG_SCHEMA_FORMAT}}<dt>Schema format</dt><dd><code>{{MSG_SCHEMA_FORMAT}}</code></dd>{{/MSG_SCHEMA_FORMAT}}
{{#MSG_CORRELATION}}<dt>Correlation ID</dt><dd>{{#CORR_LOCATION}}<code>{{CORR_LOCATION}}</code>{{/CORR_LOCATION}}{{#CORR_DESCRIPTION_HTML}}<div class="markdown">{{CORR_DESCRIPTION_HTML:none}}</div>{{/CORR_DESCRIPTION_HTML}}</dd>{{/MSG_CORRELATION}}
{{#MSG_TRAITS}}<dt>Traits</dt><dd>{{MSG_TRAITS}} applied</dd>{{/MSG_TRAITS}}
</dl>
{{#MSG_DESCRIPTION_HTML}}<div class="markdown">{{MSG_DESCRIPTION_HTML:none}}</div>{{/MSG_DESCRIPTION_HTML}}
{{#MSG_PART}}
<section class="part" aria-labelledby="{{MSG_ANCHOR}}-{{PART_LABEL}}">
<h2 id="{{MSG_ANCHOR}}-{{PART_LABEL}}">{{PART_LABEL}}{{#PART_TYPE}} <span class="type">{{PART_TYPE}}</span>{{/PART_TYPE}}</h2>
{{#PART_LINK}}<p>Schema <a href="{{LINK_URL}}">{{LINK_NAME}}</a></p>{{/PART_LINK}}
{{#PART_FORMAT}}<p class="muted">Format <code>{{PART_FORMAT}}</code></p>{{/PART_FORMAT}}
{{>SCHEMA_TREE}}
</section>
{{/MSG_PART}}
{{#MSG_EXAMPLES}}
<h2 id="{{MSG_SUB_ANCHOR}}-examples">Examples</h2>
{{#MSG_EXAMPLE}}
<figure class="example">
<figcaption>{{EX_NAME}}{{#EX_GENERATED}} <span class="badge generated">generated from the schema</span>{{/EX_GENERATED}}{{#EX_SUMMARY}} <span class="muted">{{EX_SUMMARY}}</span>{{/EX_SUMMARY}}</figcaption>
{{#EX_HEADERS}}<p class="block-title">Headers</p><pre class="code"><code>{{EX_HEADERS_HTML:none}}</code></pre>{{/EX_HEADERS}}
{{#EX_PAYLOAD}}<p class="block-title">Payload</p><pre class="code"><code>{{EX_PAYLOAD_HTML:none}}</code></pre>{{/EX_PAYLOAD}}{{#EX_NONE}}<p class="muted">The payload's schema says nothing an example could be made from.</p>{{/EX_NONE}}
</figure>
{{/MSG_EXAMPLE}}
{{/MSG_EXAMPLES}}
{{#MSG_CHANNELS}}
<h2 id="{{MSG_SUB_ANCHOR}}-channels">Channels</h2>
<ul class="links">
{{#MSG_CHANNEL}}<li><a href="{{LINK_URL}}">{{LINK_NAME}}</a>{{#LINK_ADDRESS}} <code>{{LINK_ADDRESS}}</code>{{/LINK_ADDRESS}}</li>{{/MSG_CHANNEL}}
</ul>
{{/MSG_CHANNELS}}
{{#MSG_OPS}}
<h2 id="{{MSG_SUB_ANCHOR}}-operations">Operations</h2>
<ul class="links">
{{#MSG_OP}}<li><span class="label label-{{LINK_CLASS}}">{{LINK_LABEL}}</span> <a href="{{LINK_URL}}">{{LINK_NAME}}</a></li>{{/MSG_OP}}
</ul>
{{/MSG_OPS}}
{{#MSG_ALSOS}}
<h2 id="{{MSG_SUB_ANCHOR}}-also">In other APIs</h2>
<ul class="links also">
{{#MSG_ALSO}}<li><a href="{{ALSO_URL}}">{{ALSO_NAME}}</a> <span class="muted">in {{ALSO_API}}</span></li>{{/MSG_ALSO}}
</ul>
{{/MSG_ALSOS}}
{{>BINDINGS}}
{{>TAGS}}
{{>EXTDOCS}}
{{>EXTENSIONS}}
</article>
