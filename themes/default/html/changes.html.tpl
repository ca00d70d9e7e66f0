{{%AUTOESCAPE context="HTML"}}
{{! The Changes page (build --compare-to OLD): every change since OLD, }}
{{! breaking first (CHANGE_GROUP), each linking to its item (C_LINK)  }}
{{! when the item is in this version. Values are set raw and escaped  }}
{{! here.                                                              }}
<!DOCTYPE html>
<html lang="en" data-root="{{SEARCH_ROOT}}">
{{>HEAD}}
<body>
{{>HEADER}}
<div class="layout">
{{>SIDEBAR}}
<main id="main">
<nav class="breadcrumbs" aria-label="Breadcrumbs">
<ol>
<li><a href="{{INDEX_URL}}">{{SITE_TITLE}}</a></li>
<li><span aria-current="page">{{TITLE}}</span></li>
</ol>
</nav>
<h1>{{TITLE}}</h1>
<p class="meta">Since <code>{{CHANGES_FROM}}</code>: {{N_BREAKING}} breaking, {{N_UNCLASSIFIED}} unclassified, {{N_NON_BREAKING}} non-breaking.</p>
{{#NO_CHANGES}}<p>No change.</p>{{/NO_CHANGES}}
{{#CHANGE_GROUP}}
<section class="changes changes-{{GROUP_CLASS}}">
<h2>{{GROUP_TITLE}}</h2>
<table class="list">
<thead><tr><th>Change</th><th>Where</th><th>What</th><th>Was</th></tr></thead>
<tbody>
{{#CHANGE}}<tr><td><span class="badge change-{{C_CLASS}}">{{C_CLASS}}</span> <code>{{C_KIND}}</code></td><td>{{#C_LINK}}<a href="{{C_URL}}">{{/C_LINK}}{{C_WHERE}}{{#C_LINK}}</a>{{/C_LINK}}</td><td>{{C_MESSAGE}}</td><td>{{#C_OLD}}<code>{{C_OLD_FILE}}{{C_OLD_LINE}}</code>{{/C_OLD}}</td></tr>
{{/CHANGE}}
</tbody>
</table>
</section>
{{/CHANGE_GROUP}}
</main>
</div>
{{>FOOTER}}
</body>
</html>
