{{! The Changes page (build --compare-to OLD), breaking first. Values   }}
{{! were escaped for Markdown by render.c; *_URL ones are link targets. }}
[{{SITE_TITLE}}]({{INDEX_URL}}) › {{TITLE}}

# {{TITLE}}

Since {{CHANGES_FROM}}: {{N_BREAKING}} breaking, {{N_UNCLASSIFIED}} unclassified, {{N_NON_BREAKING}} non-breaking.
{{#NO_CHANGES}}
No change.
{{/NO_CHANGES}}{{#CHANGE_GROUP}}
## {{GROUP_TITLE}}

{{#CHANGE}}- **{{C_CLASS}}** {{C_KIND}}: {{#C_LINK}}[{{/C_LINK}}{{C_WHERE}}{{#C_LINK}}]({{C_URL}}){{/C_LINK}}: {{C_MESSAGE}}{{#C_OLD}} (was {{C_OLD_FILE}}{{C_OLD_LINE}}){{/C_OLD}}
{{/CHANGE}}{{/CHANGE_GROUP}}
{{>FOOTER}}
