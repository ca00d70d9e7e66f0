{{%AUTOESCAPE context="HTML"}}
<p class="extdocs">External documentation: <a href="{{ED_URL}}">{{ED_URL}}</a></p>
{{#ED_DESCRIPTION_HTML}}<div class="markdown">{{ED_DESCRIPTION_HTML:none}}</div>{{/ED_DESCRIPTION_HTML}}
