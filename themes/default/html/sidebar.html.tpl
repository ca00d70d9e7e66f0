{{%AUTOESCAPE context="HTML"}}
{{! The navigation of every page. Long lists show the items around the }}
{{! current one and link to the index's full table (NAV_MORE).         }}
{{! NAV_NAME_HTML is NAV_NAME escaped in C, with <wbr> break points.   }}
<nav class="sidebar" aria-label="Contents">
<ul class="nav">
<li><a href="{{INDEX_URL}}">Overview</a></li>
{{#NAV_GROUP}}
<li class="nav-group nav-{{GROUP_KIND}}">
<a class="nav-title" href="{{GROUP_URL}}">{{GROUP_TITLE}} <span class="count">{{GROUP_COUNT}}</span></a>
{{#NAV_LIST}}
<ul>
{{#NAV_ITEM}}
<li><a href="{{NAV_URL}}"{{#NAV_CURRENT}} aria-current="page"{{/NAV_CURRENT}}>{{NAV_NAME_HTML:none}}</a></li>
{{/NAV_ITEM}}
</ul>
{{/NAV_LIST}}
{{#NAV_TAG}}
<p class="nav-tag">{{NAV_TAG_NAME}}</p>
<ul>
{{#NAV_ITEM}}
<li><a href="{{NAV_URL}}"{{#NAV_CURRENT}} aria-current="page"{{/NAV_CURRENT}}>{{NAV_NAME_HTML:none}}</a></li>
{{/NAV_ITEM}}
</ul>
{{/NAV_TAG}}
{{#NAV_MORE}}
<p class="nav-more"><a href="{{GROUP_URL}}">All {{GROUP_COUNT}} ({{NAV_MORE_COUNT}} more)</a></p>
{{/NAV_MORE}}
</li>
{{/NAV_GROUP}}
</ul>
</nav>
