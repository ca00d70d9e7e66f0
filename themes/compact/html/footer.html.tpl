{{%AUTOESCAPE context="HTML"}}
{{! compact: one line, with the theme's footerText parameter. }}
<footer class="site-footer compact-footer">
<p>{{PARAM_footerText}} <span class="muted">{{SITE_TITLE}} {{SITE_VERSION}} · {{GENERATOR}}</span></p>
</footer>
