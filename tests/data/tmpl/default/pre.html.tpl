{{%AUTOESCAPE context="HTML"}}
<pre>{{TEXT:p}}</pre><div>{{HTML:none}}</div>
