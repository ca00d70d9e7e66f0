{{%AUTOESCAPE context="HTML"}}
{{! The bar at the top of every page: site name, search, theme toggle. }}
<a class="skip-link" href="#main">Skip to content</a>
<header class="topbar">
{{#PORTAL}}<a class="portal-link" href="{{PORTAL_URL}}">All APIs</a> <span aria-hidden="true">/</span>
{{/PORTAL}}<a class="brand" href="{{INDEX_URL}}">{{SITE_TITLE}}</a>
<span class="brand-version">{{SITE_VERSION}}</span>
<div class="search" role="search">
<label class="visually-hidden" for="search-input">Search the documentation</label>
<input id="search-input" type="search" placeholder="Search ( / )" autocomplete="off" spellcheck="false" aria-controls="search-results">
<div id="search-results" role="listbox" aria-label="Search results" hidden></div>
</div>
<button class="theme-toggle" type="button" aria-label="Switch between light and dark mode" title="Light or dark mode"><span aria-hidden="true">&#9680;</span></button>
</header>
