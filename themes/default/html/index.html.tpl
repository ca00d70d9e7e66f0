{{%AUTOESCAPE context="HTML"}}
{{! The index page: info, servers in full, then either tables linking }}
{{! to the pages (*_TABLE) or, in a single-page site, every item in  }}
{{! full (CHANNELS, OPERATIONS, MESSAGES, SCHEMAS with ITEM).        }}
{{! Values are set raw by render.c and escaped here; only *_HTML     }}
{{! values (our own escaped HTML) are printed with :none.            }}
<!DOCTYPE html>
<html lang="en" data-root="{{SEARCH_ROOT}}">
{{>HEAD}}
<body>
{{>HEADER}}
<div class="layout">
{{>SIDEBAR}}
<main id="main">
<section id="info" class="info" aria-labelledby="info-title">
{{#LOGO}}<img class="logo" src="{{LOGO}}" alt="">{{/LOGO}}
<h1 id="info-title">{{TITLE}}</h1>
<p class="meta"><span class="version">Version {{VERSION}}</span> <span class="spec">AsyncAPI {{ASYNCAPI_VERSION}}</span></p>{{#CHANGES_LINK}}
<p class="changes-link"><a href="{{CHANGES_URL}}">Changes</a> since <code>{{CHANGES_FROM}}</code>: {{CHANGES_COUNTS}}</p>{{/CHANGES_LINK}}
{{#DESCRIPTION_HTML}}<div class="markdown">{{DESCRIPTION_HTML:none}}</div>{{/DESCRIPTION_HTML}}
<dl class="facts">
{{#ID}}<dt>Identifier</dt><dd><code>{{ID}}</code></dd>{{/ID}}
{{#DEFAULT_CONTENT_TYPE}}<dt>Default content type</dt><dd><code>{{DEFAULT_CONTENT_TYPE}}</code></dd>{{/DEFAULT_CONTENT_TYPE}}
{{#LICENSE}}<dt>License</dt><dd>{{#LICENSE_LINK}}<a href="{{LICENSE_URL}}">{{LICENSE_TEXT}}</a>{{/LICENSE_LINK}}{{#LICENSE_PLAIN}}{{LICENSE_TEXT}}{{/LICENSE_PLAIN}}</dd>{{/LICENSE}}
{{#TERMS}}<dt>Terms of service</dt><dd><a href="{{TERMS_URL}}">{{TERMS_URL}}</a></dd>{{/TERMS}}
{{#CONTACT}}<dt>Contact</dt><dd>{{#CONTACT_NAME}}<span class="contact-name">{{CONTACT_NAME}}</span>{{/CONTACT_NAME}}{{#CONTACT_URL}} <a href="{{CONTACT_URL}}">{{CONTACT_URL}}</a>{{/CONTACT_URL}}{{#CONTACT_EMAIL}} <a href="mailto:{{CONTACT_EMAIL}}">{{CONTACT_EMAIL}}</a>{{/CONTACT_EMAIL}}</dd>{{/CONTACT}}
</dl>
{{>EXTDOCS}}
{{>TAGS}}
{{>EXTENSIONS}}
</section>
{{>GRAPH}}
{{#SERVERS}}
<section id="servers" aria-labelledby="servers-title">
<h2 id="servers-title">Servers</h2>
{{#SERVER}}{{>ITEM}}{{/SERVER}}
</section>
{{/SERVERS}}
{{#SCHEMES}}
<section id="security-schemes" aria-labelledby="security-schemes-title">
<h2 id="security-schemes-title">Security schemes</h2>
<p class="note">Declared by the document; no server or operation requires them.</p>
{{>SECURITY}}
</section>
{{/SCHEMES}}
{{#CHANNEL_TABLE}}
<section id="channels" aria-labelledby="channels-title">
<h2 id="channels-title">Channels</h2>
<table class="list">
<thead><tr><th scope="col">Channel</th><th scope="col">Address</th><th scope="col">Summary</th></tr></thead>
<tbody>
{{#CHANNEL_ROW}}<tr id="{{ROW_ANCHOR}}"><td><a href="{{ROW_URL}}">{{ROW_NAME}}</a></td><td>{{#ROW_ADDRESS}}<code>{{ROW_ADDRESS}}</code>{{/ROW_ADDRESS}}</td><td>{{#ROW_SUMMARY}}{{ROW_SUMMARY}}{{/ROW_SUMMARY}}</td></tr>
{{/CHANNEL_ROW}}
</tbody>
</table>
</section>
{{/CHANNEL_TABLE}}
{{#OPERATION_TABLE}}
<section id="operations" aria-labelledby="operations-title">
<h2 id="operations-title">Operations</h2>
<table class="list">
<thead><tr><th scope="col">Action</th><th scope="col">Operation</th><th scope="col">Channel</th><th scope="col">Summary</th></tr></thead>
<tbody>
{{#OPERATION_ROW}}<tr><td><span class="label label-{{ROW_CLASS}}">{{ROW_LABEL}}</span></td><td><a href="{{ROW_URL}}">{{ROW_NAME}}</a></td><td>{{#ROW_CHANNEL}}<a href="{{ROW_CHANNEL_URL}}">{{ROW_CHANNEL_NAME}}</a>{{/ROW_CHANNEL}}</td><td>{{#ROW_SUMMARY}}{{ROW_SUMMARY}}{{/ROW_SUMMARY}}</td></tr>
{{/OPERATION_ROW}}
</tbody>
</table>
</section>
{{/OPERATION_TABLE}}
{{#MESSAGE_TABLE}}
<section id="messages" aria-labelledby="messages-title">
<h2 id="messages-title">Messages</h2>
<table class="list">
<thead><tr><th scope="col">Message</th><th scope="col">Content type</th><th scope="col">Summary</th></tr></thead>
<tbody>
{{#MESSAGE_ROW}}<tr><td><a href="{{ROW_URL}}">{{ROW_NAME}}</a></td><td>{{#ROW_CONTENT_TYPE}}<code>{{ROW_CONTENT_TYPE}}</code>{{/ROW_CONTENT_TYPE}}</td><td>{{#ROW_SUMMARY}}{{ROW_SUMMARY}}{{/ROW_SUMMARY}}</td></tr>
{{/MESSAGE_ROW}}
</tbody>
</table>
</section>
{{/MESSAGE_TABLE}}
{{#SCHEMA_TABLE}}
<section id="schemas" aria-labelledby="schemas-title">
<h2 id="schemas-title">Schemas</h2>
<table class="list">
<thead><tr><th scope="col">Schema</th><th scope="col">Type</th><th scope="col">Summary</th></tr></thead>
<tbody>
{{#SCHEMA_ROW}}<tr><td><a href="{{ROW_URL}}">{{ROW_NAME}}</a></td><td>{{#ROW_TYPE}}<span class="type">{{ROW_TYPE}}</span>{{/ROW_TYPE}}</td><td>{{#ROW_SUMMARY}}{{ROW_SUMMARY}}{{/ROW_SUMMARY}}</td></tr>
{{/SCHEMA_ROW}}
</tbody>
</table>
</section>
{{/SCHEMA_TABLE}}
{{#CHANNELS}}
<section id="channels" aria-labelledby="channels-title">
<h2 id="channels-title">Channels</h2>
{{#CHANNEL}}{{>ITEM}}{{/CHANNEL}}
</section>
{{/CHANNELS}}
{{#OPERATIONS}}
<section id="operations" aria-labelledby="operations-title">
<h2 id="operations-title">Operations</h2>
{{#OPERATION}}{{>ITEM}}{{/OPERATION}}
</section>
{{/OPERATIONS}}
{{#MESSAGES}}
<section id="messages" aria-labelledby="messages-title">
<h2 id="messages-title">Messages</h2>
{{#MESSAGE}}{{>ITEM}}{{/MESSAGE}}
</section>
{{/MESSAGES}}
{{#SCHEMAS}}
<section id="schemas" aria-labelledby="schemas-title">
<h2 id="schemas-title">Schemas</h2>
{{#SCHEMA}}{{>ITEM}}{{/SCHEMA}}
</section>
{{/SCHEMAS}}
</main>
</div>
{{>FOOTER}}
</body>
</html>
