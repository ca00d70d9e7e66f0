{{#SN}}**Try it**

{{#SN_TAB}}{{#TAB_CODE}}{{TAB_LABEL}}: {{TAB_DIR}} with {{TAB_TOOL}} on server [{{SERVER_NAME}}]({{SERVER_URL}}):

{{TAB_CODE_HTML}}

{{/TAB_CODE}}{{#TAB_NONE}}{{TAB_LABEL}}: no command-line snippet for this protocol (server [{{SERVER_NAME}}]({{SERVER_URL}})).

{{/TAB_NONE}}{{/SN_TAB}}{{/SN}}
