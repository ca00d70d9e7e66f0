{{%AUTOESCAPE context="HTML"}}
<footer class="user-footer">User footer for AsyncAPI {{ASYNCAPI_VERSION}}</footer>
