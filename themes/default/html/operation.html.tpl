{{%AUTOESCAPE context="HTML"}}
{{! The page of one operation: the layout around the item partial (ITEM). }}
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
<li><a href="{{INDEX_URL}}#operations">Operations</a></li>
<li><span aria-current="page">{{TITLE}}</span></li>
</ol>
</nav>
<h1><span class="label label-{{OP_CLASS}}">{{OP_LABEL}}</span> <span class="kind">Operation</span> {{TITLE}}{{#CHANGE_BADGE}} <a class="badge change-{{BADGE_CLASS}}" href="{{BADGE_URL}}">{{BADGE_TEXT}}</a>{{/CHANGE_BADGE}}</h1>
{{>ITEM}}
</main>
</div>
{{>FOOTER}}
</body>
</html>
