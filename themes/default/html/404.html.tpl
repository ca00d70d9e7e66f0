{{%AUTOESCAPE context="HTML"}}
{{! 404.html: what GitHub Pages and `asyncdoc serve` show for a missing }}
{{! page. Served at any depth, so with --site-url its head has a base.  }}
<!DOCTYPE html>
<html lang="en" data-root="{{SEARCH_ROOT}}">
{{>HEAD}}
<body>
{{>HEADER}}
<div class="layout">
{{>SIDEBAR}}
<main id="main">
<h1>Page not found</h1>
<p>This page is not part of the documentation of {{SITE_TITLE}} {{SITE_VERSION}}. It may have been renamed or removed.</p>
<p><a href="{{INDEX_URL}}">Go to the overview</a>, or search (press <kbd>/</kbd>).</p>
</main>
</div>
{{>FOOTER}}
</body>
</html>
