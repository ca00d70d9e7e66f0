{{%AUTOESCAPE context="HTML"}}
{{! The landing page of a portal (several specs in one site): every API, }}
{{! linking to its own folder. API_FAILED: a spec that did not build.    }}
<!DOCTYPE html>
<html lang="en" data-root="">
{{>HEAD}}
<body>
{{>HEADER}}
<main id="main" class="portal">
<h1>APIs</h1>
<p class="meta">{{API_COUNT}} APIs</p>
<ul class="apis">
{{#API}}
<li class="api">
{{#API_OK}}
<h2><a href="{{API_URL}}">{{API_TITLE}}</a>{{#API_VERSION}} <span class="badge">{{API_VERSION}}</span>{{/API_VERSION}}</h2>
{{#API_SUMMARY}}<p>{{API_SUMMARY}}</p>{{/API_SUMMARY}}
<p class="muted">{{API_CHANNELS}} channels · {{API_OPERATIONS}} operations · {{API_MESSAGES}} messages · AsyncAPI {{API_ASYNCAPI}} · <code>{{API_SPEC}}</code></p>
{{/API_OK}}
{{#API_FAILED}}
<h2>{{API_TITLE}}</h2>
<p class="warning">This spec did not build: see the build's diagnostics.</p>
{{/API_FAILED}}
</li>
{{/API}}
</ul>
{{>GRAPH}}
</main>
{{>FOOTER}}
</body>
</html>
