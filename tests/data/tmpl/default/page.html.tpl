{{%AUTOESCAPE context="HTML"}}
<title>{{TITLE}}</title>
<p>{{TITLE}}</p>
<a href="{{LINK}}" title="{{TITLE}}">link</a>
{{#ROW}}<li>{{ROW_NAME}}</li>
{{/ROW}}
{{>HEADER}}
{{>FOOTER}}
