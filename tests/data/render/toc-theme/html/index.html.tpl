{{%AUTOESCAPE context="HTML"}}
{{! Names only: the items' texts (Markdown, schemas) are never made. }}
<ul>
{{#SERVERS}}{{#SERVER}}<li>{{SERVER_ID}} {{SERVER_NAME}}</li>
{{/SERVER}}{{/SERVERS}}
{{#CHANNELS}}{{#CHANNEL}}<li>{{CHANNEL_ID}} {{CHANNEL_NAME}}</li>
{{/CHANNEL}}{{/CHANNELS}}
{{#OPERATIONS}}{{#OPERATION}}<li>{{OP_ID}} {{OP_NAME}} {{OP_CLASS}} {{OP_LABEL}}</li>
{{/OPERATION}}{{/OPERATIONS}}
{{#MESSAGES}}{{#MESSAGE}}<li>{{MSG_ID}} {{MSG_NAME}}</li>
{{/MESSAGE}}{{/MESSAGES}}
{{#SCHEMAS}}{{#SCHEMA}}<li>{{SCHEMA_ID}} {{SCHEMA_NAME}}</li>
{{/SCHEMA}}{{/SCHEMAS}}
</ul>
