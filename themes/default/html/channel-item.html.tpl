{{%AUTOESCAPE context="HTML"}}
{{! One channel: its page, or a part of the single page (IT_TITLE). }}
<article class="item channel" id="{{CH_ANCHOR}}">
{{#IT_TITLE}}<h2 class="item-title"><span class="kind">Channel</span> {{CH_NAME}} <a class="permalink" href="#{{CH_ANCHOR}}" aria-label="Link to channel {{CH_NAME}}">#</a></h2>{{/IT_TITLE}}
{{#CH_ADDRESS}}<p class="address">Address <code>{{CH_ADDRESS}}</code></p>{{/CH_ADDRESS}}
{{#CH_DYNAMIC}}<p class="address">Address unknown or dynamic (set at runtime).</p>{{/CH_DYNAMIC}}
{{#CH_TITLE}}<p class="title">{{CH_TITLE}}</p>{{/CH_TITLE}}
{{#CH_SUMMARY}}<p class="summary">{{CH_SUMMARY}}</p>{{/CH_SUMMARY}}
{{#CH_DESCRIPTION_HTML}}<div class="markdown">{{CH_DESCRIPTION_HTML:none}}</div>{{/CH_DESCRIPTION_HTML}}
{{#CH_PARAMS}}
<h2 id="{{CH_SUB_ANCHOR}}-parameters">Parameters</h2>
<dl class="params">
{{#CH_PARAM}}
<dt><code>{{PARAM_NAME}}</code>{{#PARAM_TYPE}} <span class="type">{{PARAM_TYPE}}</span>{{/PARAM_TYPE}}</dt>
<dd>
{{#PARAM_DESCRIPTION_HTML}}<div class="markdown">{{PARAM_DESCRIPTION_HTML:none}}</div>{{/PARAM_DESCRIPTION_HTML}}
<ul class="plain">
{{#PARAM_LOCATION}}<li>Location: <code>{{PARAM_LOCATION}}</code></li>{{/PARAM_LOCATION}}
{{#PARAM_DEFAULT}}<li>Default: <code>{{PARAM_DEFAULT}}</code></li>{{/PARAM_DEFAULT}}
{{#PARAM_ENUM}}<li>Allowed values: {{PARAM_ENUM}}</li>{{/PARAM_ENUM}}
{{#PARAM_EXAMPLES}}<li>Examples: {{PARAM_EXAMPLES}}</li>{{/PARAM_EXAMPLES}}
</ul>
{{#PARAM_SCHEMA}}{{>SCHEMA_TREE}}{{/PARAM_SCHEMA}}
</dd>
{{/CH_PARAM}}
</dl>
{{/CH_PARAMS}}
{{#CH_HAS_SERVERS}}<h2 id="{{CH_SUB_ANCHOR}}-servers">Servers</h2>{{/CH_HAS_SERVERS}}
{{#ALL_SERVERS}}<p>Available on every server.</p>{{/ALL_SERVERS}}
{{#CH_SERVERS}}
<ul class="links">
{{#CH_SERVER}}<li><a href="{{LINK_URL}}">{{LINK_NAME}}</a></li>{{/CH_SERVER}}
</ul>
{{/CH_SERVERS}}
{{#CH_OPS}}
<h2 id="{{CH_SUB_ANCHOR}}-operations">Operations</h2>
<ul class="links">
{{#CH_OP}}<li><span class="label label-{{LINK_CLASS}}">{{LINK_LABEL}}</span> <a href="{{LINK_URL}}">{{LINK_NAME}}</a>{{#LINK_SUMMARY}} <span class="muted">{{LINK_SUMMARY}}</span>{{/LINK_SUMMARY}}</li>{{/CH_OP}}
</ul>
{{/CH_OPS}}
{{#CH_REPLIES}}
<h2 id="{{CH_SUB_ANCHOR}}-replies">Replies to</h2>
<ul class="links">
{{#CH_REPLY}}<li><span class="label label-{{LINK_CLASS}}">{{LINK_LABEL}}</span> <a href="{{LINK_URL}}">{{LINK_NAME}}</a> <span class="muted">its reply comes here</span></li>{{/CH_REPLY}}
</ul>
{{/CH_REPLIES}}
{{#CH_MSGS}}
<h2 id="{{CH_SUB_ANCHOR}}-messages">Messages</h2>
<ul class="links">
{{#CH_MSG}}<li><a href="{{LINK_URL}}">{{LINK_NAME}}</a>{{#LINK_SUMMARY}} <span class="muted">{{LINK_SUMMARY}}</span>{{/LINK_SUMMARY}}</li>{{/CH_MSG}}
</ul>
{{/CH_MSGS}}
{{#CH_ALSOS}}
<h2 id="{{CH_SUB_ANCHOR}}-also">In other APIs</h2>
<ul class="links also">
{{#CH_ALSO}}<li><a href="{{ALSO_URL}}">{{ALSO_NAME}}</a> <span class="muted">in {{ALSO_API}}</span></li>{{/CH_ALSO}}
</ul>
{{/CH_ALSOS}}
{{>BINDINGS}}
{{>TAGS}}
{{>EXTDOCS}}
{{>EXTENSIONS}}
</article>
