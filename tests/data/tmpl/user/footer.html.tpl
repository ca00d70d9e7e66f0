{{%AUTOESCAPE context="HTML"}}
<footer>user footer {{SITE}}</footer>
