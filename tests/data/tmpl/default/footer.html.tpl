{{%AUTOESCAPE context="HTML"}}
<footer>default footer</footer>
