**External documentation:** [{{ED_URL}}]({{ED_URL}})
{{#ED_DESCRIPTION_HTML}}
{{ED_DESCRIPTION_HTML}}
{{/ED_DESCRIPTION_HTML}}

