{{%AUTOESCAPE context="HTML"}}
<ul class="tags" aria-label="Tags">
{{#TAG}}
<li><span class="tag">{{TAG_NAME}}</span>{{#TAG_EXTDOCS}} <a href="{{TAG_EXTDOCS_URL}}">docs</a>{{/TAG_EXTDOCS}}{{#TAG_DESCRIPTION_HTML}}<div class="markdown tag-description">{{TAG_DESCRIPTION_HTML:none}}</div>{{/TAG_DESCRIPTION_HTML}}</li>
{{/TAG}}
</ul>
