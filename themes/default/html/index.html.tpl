{{%AUTOESCAPE context="HTML"}}
{{! The index page of the default theme. Every value is set raw by   }}
{{! render.c and escaped here by ctemplate's auto-escape; only *_HTML }}
{{! values (Markdown already rendered by cmark in safe mode) are      }}
{{! printed with :none. Sections look values up in their parents too, }}
{{! so each level has its own prefix (SERVER_, CHANNEL_, OP_, MSG_...) }}
<!DOCTYPE html>
<html lang="en">
{{>HEAD}}
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="page-header">
<h1>{{TITLE}}</h1>
<p class="meta"><span class="version">Version {{VERSION}}</span> <span class="spec">AsyncAPI {{ASYNCAPI_VERSION}}</span></p>
</header>
<div class="layout">
<nav class="toc" aria-label="Contents">
<h2>Contents</h2>
<ul>
<li><a href="#info">Information</a></li>
{{#SERVERS}}
<li><a href="#servers">Servers</a>
<ul>
{{#SERVER}}
<li><a href="#server-{{SERVER_ID}}">{{SERVER_NAME}}</a></li>
{{/SERVER}}
</ul>
</li>
{{/SERVERS}}
{{#CHANNELS}}
<li><a href="#channels">Channels</a>
<ul>
{{#CHANNEL}}
<li><a href="#channel-{{CHANNEL_ID}}">{{CHANNEL_NAME}}</a></li>
{{/CHANNEL}}
</ul>
</li>
{{/CHANNELS}}
{{#OPERATIONS}}
<li><a href="#operations">Operations</a>
<ul>
{{#OPERATION}}
<li><a href="#operation-{{OP_ID}}"><span class="label label-{{OP_CLASS}}">{{OP_LABEL}}</span> {{OP_NAME}}</a></li>
{{/OPERATION}}
</ul>
</li>
{{/OPERATIONS}}
{{#MESSAGES}}
<li><a href="#messages">Messages</a>
<ul>
{{#MESSAGE}}
<li><a href="#message-{{MSG_ID}}">{{MSG_NAME}}</a></li>
{{/MESSAGE}}
</ul>
</li>
{{/MESSAGES}}
{{#SCHEMAS}}
<li><a href="#schemas">Schemas</a>
<ul>
{{#SCHEMA}}
<li><a href="#schema-{{SCHEMA_ID}}">{{SCHEMA_NAME}}</a></li>
{{/SCHEMA}}
</ul>
</li>
{{/SCHEMAS}}
</ul>
</nav>
<main id="main">
<section id="info" class="info">
<h2>Information</h2>
{{#DESCRIPTION_HTML}}
<div class="markdown">{{DESCRIPTION_HTML:none}}</div>
{{/DESCRIPTION_HTML}}
<dl class="facts">
<dt>AsyncAPI</dt><dd>{{ASYNCAPI_VERSION}}</dd>
<dt>Version</dt><dd>{{VERSION}}</dd>
{{#ID}}
<dt>Identifier</dt><dd><code>{{ID}}</code></dd>
{{/ID}}
{{#DEFAULT_CONTENT_TYPE}}
<dt>Default content type</dt><dd><code>{{DEFAULT_CONTENT_TYPE}}</code></dd>
{{/DEFAULT_CONTENT_TYPE}}
{{#LICENSE}}
<dt>License</dt><dd>{{#LICENSE_LINK}}<a href="{{LICENSE_URL}}">{{LICENSE_TEXT}}</a>{{/LICENSE_LINK}}{{#LICENSE_PLAIN}}{{LICENSE_TEXT}}{{/LICENSE_PLAIN}}</dd>
{{/LICENSE}}
{{#TERMS}}
<dt>Terms of service</dt><dd><a href="{{TERMS_URL}}">{{TERMS_URL}}</a></dd>
{{/TERMS}}
{{#CONTACT}}
<dt>Contact</dt><dd>{{#CONTACT_NAME}}<span class="contact-name">{{CONTACT_NAME}}</span>{{/CONTACT_NAME}}{{#CONTACT_URL}} <a href="{{CONTACT_URL}}">{{CONTACT_URL}}</a>{{/CONTACT_URL}}{{#CONTACT_EMAIL}} <a href="mailto:{{CONTACT_EMAIL}}">{{CONTACT_EMAIL}}</a>{{/CONTACT_EMAIL}}</dd>
{{/CONTACT}}
{{#EXTDOCS}}
<dt>External documentation</dt><dd><a href="{{EXTDOCS_URL}}">{{EXTDOCS_URL}}</a>{{#EXTDOCS_DESCRIPTION_HTML}}<div class="markdown">{{EXTDOCS_DESCRIPTION_HTML:none}}</div>{{/EXTDOCS_DESCRIPTION_HTML}}</dd>
{{/EXTDOCS}}
</dl>
{{#TAGS}}
<h3>Tags</h3>
<ul class="tags">
{{#TAG}}
<li><span class="tag">{{TAG_NAME}}</span>{{#TAG_DESCRIPTION_HTML}}<div class="markdown">{{TAG_DESCRIPTION_HTML:none}}</div>{{/TAG_DESCRIPTION_HTML}}</li>
{{/TAG}}
</ul>
{{/TAGS}}
</section>
{{#SERVERS}}
<section id="servers">
<h2>Servers</h2>
{{#SERVER}}
<article class="item server" id="server-{{SERVER_ID}}">
<h3><a class="anchor" href="#server-{{SERVER_ID}}">{{SERVER_NAME}}</a>{{#SERVER_PROTOCOL}} <span class="badge">{{SERVER_PROTOCOL}}</span>{{/SERVER_PROTOCOL}}</h3>
{{#SERVER_URL}}
<p class="address"><code>{{SERVER_URL}}</code></p>
{{/SERVER_URL}}
{{#SERVER_TITLE}}
<p class="title">{{SERVER_TITLE}}</p>
{{/SERVER_TITLE}}
{{#SERVER_SUMMARY}}
<p class="summary">{{SERVER_SUMMARY}}</p>
{{/SERVER_SUMMARY}}
{{#SERVER_DESCRIPTION_HTML}}
<div class="markdown">{{SERVER_DESCRIPTION_HTML:none}}</div>
{{/SERVER_DESCRIPTION_HTML}}
</article>
{{/SERVER}}
</section>
{{/SERVERS}}
{{#CHANNELS}}
<section id="channels">
<h2>Channels</h2>
{{#CHANNEL}}
<article class="item channel" id="channel-{{CHANNEL_ID}}">
<h3><a class="anchor" href="#channel-{{CHANNEL_ID}}">{{CHANNEL_NAME}}</a></h3>
{{#CHANNEL_ADDRESS}}
<p class="address">Address: <code>{{CHANNEL_ADDRESS}}</code></p>
{{/CHANNEL_ADDRESS}}
{{#CHANNEL_TITLE}}
<p class="title">{{CHANNEL_TITLE}}</p>
{{/CHANNEL_TITLE}}
{{#CHANNEL_SUMMARY}}
<p class="summary">{{CHANNEL_SUMMARY}}</p>
{{/CHANNEL_SUMMARY}}
{{#CHANNEL_DESCRIPTION_HTML}}
<div class="markdown">{{CHANNEL_DESCRIPTION_HTML:none}}</div>
{{/CHANNEL_DESCRIPTION_HTML}}
{{#CHANNEL_PARAMS}}
<h4>Parameters</h4>
<dl class="params">
{{#CHANNEL_PARAM}}
<dt><code>{{PARAM_NAME}}</code></dt><dd>{{#PARAM_DESCRIPTION_HTML}}<div class="markdown">{{PARAM_DESCRIPTION_HTML:none}}</div>{{/PARAM_DESCRIPTION_HTML}}</dd>
{{/CHANNEL_PARAM}}
</dl>
{{/CHANNEL_PARAMS}}
{{#CHANNEL_OPS}}
<h4>Operations</h4>
<ul class="refs">
{{#CHANNEL_OP}}
<li><a href="#operation-{{CHANNEL_OP_ID}}"><span class="label label-{{CHANNEL_OP_CLASS}}">{{CHANNEL_OP_LABEL}}</span> {{CHANNEL_OP_NAME}}</a>{{#CHANNEL_OP_SUMMARY}}: {{CHANNEL_OP_SUMMARY}}{{/CHANNEL_OP_SUMMARY}}</li>
{{/CHANNEL_OP}}
</ul>
{{/CHANNEL_OPS}}
{{#CHANNEL_MSGS}}
<h4>Messages</h4>
<ul class="refs">
{{#CHANNEL_MSG}}
<li><a href="#message-{{CHANNEL_MSG_ID}}">{{CHANNEL_MSG_NAME}}</a></li>
{{/CHANNEL_MSG}}
</ul>
{{/CHANNEL_MSGS}}
{{#CHANNEL_SERVERS}}
<h4>Servers</h4>
<ul class="refs">
{{#CHANNEL_SERVER}}
<li><a href="#server-{{CHANNEL_SERVER_ID}}">{{CHANNEL_SERVER_NAME}}</a></li>
{{/CHANNEL_SERVER}}
</ul>
{{/CHANNEL_SERVERS}}
</article>
{{/CHANNEL}}
</section>
{{/CHANNELS}}
{{#OPERATIONS}}
<section id="operations">
<h2>Operations</h2>
{{#OPERATION}}
<article class="item operation" id="operation-{{OP_ID}}">
<h3><a class="anchor" href="#operation-{{OP_ID}}"><span class="label label-{{OP_CLASS}}">{{OP_LABEL}}</span> {{OP_NAME}}</a></h3>
{{#OP_CHANNEL}}
<p class="address">Channel: <a href="#channel-{{OP_CHANNEL_ID}}"><code>{{OP_CHANNEL_NAME}}</code></a></p>
{{/OP_CHANNEL}}
{{#OP_TITLE}}
<p class="title">{{OP_TITLE}}</p>
{{/OP_TITLE}}
{{#OP_SUMMARY}}
<p class="summary">{{OP_SUMMARY}}</p>
{{/OP_SUMMARY}}
{{#OP_DESCRIPTION_HTML}}
<div class="markdown">{{OP_DESCRIPTION_HTML:none}}</div>
{{/OP_DESCRIPTION_HTML}}
{{#OP_MSGS}}
<h4>Messages</h4>
<ul class="refs">
{{#OP_MSG}}
<li><a href="#message-{{OP_MSG_ID}}">{{OP_MSG_NAME}}</a></li>
{{/OP_MSG}}
</ul>
{{/OP_MSGS}}
{{#OP_REPLY}}
<h4>Reply</h4>
<ul class="refs">
{{#OP_REPLY_CHANNEL}}
<li>Channel: <a href="#channel-{{OP_REPLY_CHANNEL_ID}}"><code>{{OP_REPLY_CHANNEL_NAME}}</code></a></li>
{{/OP_REPLY_CHANNEL}}
{{#OP_REPLY_ADDRESS}}
<li>Address: <code>{{OP_REPLY_ADDRESS}}</code></li>
{{/OP_REPLY_ADDRESS}}
{{#OP_REPLY_MSG}}
<li><a href="#message-{{OP_REPLY_MSG_ID}}">{{OP_REPLY_MSG_NAME}}</a></li>
{{/OP_REPLY_MSG}}
</ul>
{{/OP_REPLY}}
</article>
{{/OPERATION}}
</section>
{{/OPERATIONS}}
{{#MESSAGES}}
<section id="messages">
<h2>Messages</h2>
{{#MESSAGE}}
<article class="item message" id="message-{{MSG_ID}}">
<h3><a class="anchor" href="#message-{{MSG_ID}}">{{MSG_NAME}}</a></h3>
{{#MSG_TITLE}}
<p class="title">{{MSG_TITLE}}</p>
{{/MSG_TITLE}}
{{#MSG_SUMMARY}}
<p class="summary">{{MSG_SUMMARY}}</p>
{{/MSG_SUMMARY}}
{{#MSG_CONTENT_TYPE}}
<dl class="facts">
<dt>Content type</dt><dd><code>{{MSG_CONTENT_TYPE}}</code>{{#MSG_CONTENT_TYPE_DEFAULT}} (default){{/MSG_CONTENT_TYPE_DEFAULT}}</dd>
</dl>
{{/MSG_CONTENT_TYPE}}
{{#MSG_DESCRIPTION_HTML}}
<div class="markdown">{{MSG_DESCRIPTION_HTML:none}}</div>
{{/MSG_DESCRIPTION_HTML}}
{{#MSG_PART}}
<h4>{{PART_LABEL}}</h4>
{{#PART_LINK}}
<p>Schema <a href="#schema-{{PART_SCHEMA_ID}}">{{PART_SCHEMA_NAME}}</a></p>
{{/PART_LINK}}
{{#PART_INLINE}}
<details><summary>Schema</summary><pre><code>{{PART_JSON:p}}</code></pre></details>
{{/PART_INLINE}}
{{/MSG_PART}}
</article>
{{/MESSAGE}}
</section>
{{/MESSAGES}}
{{#SCHEMAS}}
<section id="schemas">
<h2>Schemas</h2>
{{#SCHEMA}}
<article class="item schema" id="schema-{{SCHEMA_ID}}">
<h3><a class="anchor" href="#schema-{{SCHEMA_ID}}">{{SCHEMA_NAME}}</a>{{#SCHEMA_TYPE}} <span class="badge">{{SCHEMA_TYPE}}</span>{{/SCHEMA_TYPE}}</h3>
{{#SCHEMA_FORMAT}}
<p class="summary">Format: <code>{{SCHEMA_FORMAT}}</code></p>
{{/SCHEMA_FORMAT}}
{{#SCHEMA_DESCRIPTION_HTML}}
<div class="markdown">{{SCHEMA_DESCRIPTION_HTML:none}}</div>
{{/SCHEMA_DESCRIPTION_HTML}}
{{#SCHEMA_BODY}}
<details><summary>Schema</summary><pre><code>{{SCHEMA_JSON:p}}</code></pre></details>
{{/SCHEMA_BODY}}
</article>
{{/SCHEMA}}
</section>
{{/SCHEMAS}}
</main>
</div>
{{>FOOTER}}
</body>
</html>
