{{#SR_DESC_HTML}}{{SR_DESC_HTML}}

{{/SR_DESC_HTML}}{{#SR_RAW}}Schema format {{SR_RAW_FORMAT}}, shown as written:

{{SR_RAW_HTML}}

{{/SR_RAW}}{{#SR_TABLE}}| Name | Type | Description | Value | Constraints | Notes |
|---|---|---|---|---|---|
{{#SR_ROW}}| {{SR_PATH_HTML}} | {{SR_TYPE}} | {{SR_DESC}} | {{SR_VALUES_HTML}} | {{SR_CONSTRAINTS_HTML}} | {{SR_NOTES}}{{#SR_MORE}} [see the schema]({{SR_MORE_URL}}){{/SR_MORE}} |
{{/SR_ROW}}{{#SR_NOT_SHOWN}}
{{SR_NOT_SHOWN}} more not shown.
{{/SR_NOT_SHOWN}}
{{/SR_TABLE}}
