{{%AUTOESCAPE context="HTML"}}
{{! One operation: its page, or a part of the single page (IT_TITLE). }}
<article class="item operation" id="{{OP_ANCHOR}}">
{{#IT_TITLE}}<h2 class="item-title"><span class="label label-{{OP_CLASS}}">{{OP_LABEL}}</span> {{OP_NAME}} <a class="permalink" href="#{{OP_ANCHOR}}" aria-label="Link to operation {{OP_NAME}}">#</a></h2>{{/IT_TITLE}}
{{#OP_TITLE}}<p class="title">{{OP_TITLE}}</p>{{/OP_TITLE}}
{{#OP_SUMMARY}}<p class="summary">{{OP_SUMMARY}}</p>{{/OP_SUMMARY}}
<dl class="facts">
<dt>Action</dt><dd><span class="label label-{{OP_CLASS}}">{{OP_LABEL}}</span> <code>{{OP_KEYWORD}}</code></dd>
{{#OP_CHANNEL}}<dt>Channel</dt><dd><a href="{{LINK_URL}}">{{LINK_NAME}}</a>{{#LINK_ADDRESS}} <code>{{LINK_ADDRESS}}</code>{{/LINK_ADDRESS}}</dd>{{/OP_CHANNEL}}
{{#OP_OPERATION_ID}}<dt>Operation ID</dt><dd><code>{{OP_OPERATION_ID}}</code></dd>{{/OP_OPERATION_ID}}
{{#ALL_SERVERS}}<dt>Servers</dt><dd>every server</dd>{{/ALL_SERVERS}}
{{#OP_SERVERS}}<dt>Servers</dt><dd>{{#OP_SERVER}}<a href="{{LINK_URL}}">{{LINK_NAME}}</a>{{#OP_SERVER_separator}}, {{/OP_SERVER_separator}}{{/OP_SERVER}}</dd>{{/OP_SERVERS}}
{{#OP_TRAITS}}<dt>Traits</dt><dd>{{OP_TRAITS}} applied</dd>{{/OP_TRAITS}}
</dl>
{{#OP_DESCRIPTION_HTML}}<div class="markdown">{{OP_DESCRIPTION_HTML:none}}</div>{{/OP_DESCRIPTION_HTML}}
{{#OP_MSGS}}
<h2 id="{{OP_SUB_ANCHOR}}-messages">Messages</h2>
<ul class="links">
{{#OP_MSG}}<li><a href="{{LINK_URL}}">{{LINK_NAME}}</a>{{#LINK_SUMMARY}} <span class="muted">{{LINK_SUMMARY}}</span>{{/LINK_SUMMARY}}</li>{{/OP_MSG}}
</ul>
{{/OP_MSGS}}
{{#OP_REPLY}}
<h2 id="{{OP_SUB_ANCHOR}}-reply">Reply</h2>
<dl class="facts">
{{#REPLY_CHANNEL}}<dt>Channel</dt><dd><a href="{{LINK_URL}}">{{LINK_NAME}}</a>{{#LINK_ADDRESS}} <code>{{LINK_ADDRESS}}</code>{{/LINK_ADDRESS}}</dd>{{/REPLY_CHANNEL}}
{{#REPLY_ADDRESS}}<dt>Address</dt><dd><code>{{REPLY_ADDRESS}}</code>{{#REPLY_ADDRESS_DESCRIPTION_HTML}}<div class="markdown">{{REPLY_ADDRESS_DESCRIPTION_HTML:none}}</div>{{/REPLY_ADDRESS_DESCRIPTION_HTML}}</dd>{{/REPLY_ADDRESS}}
{{#REPLY_MSGS}}<dt>Messages</dt><dd><ul class="links">{{#REPLY_MSG}}<li><a href="{{LINK_URL}}">{{LINK_NAME}}</a></li>{{/REPLY_MSG}}</ul></dd>{{/REPLY_MSGS}}
</dl>
{{#REPLY_EMPTY}}<p>A reply is expected; the document does not say where.</p>{{/REPLY_EMPTY}}
{{/OP_REPLY}}
{{>SNIPPETS}}
{{>SECURITY}}
{{>BINDINGS}}
{{>TAGS}}
{{>EXTDOCS}}
{{>EXTENSIONS}}
</article>
