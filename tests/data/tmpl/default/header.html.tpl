{{%AUTOESCAPE context="HTML"}}
<header>default header [{{TITLE}}] [{{SITE}}] [{{OWN}}]</header>
