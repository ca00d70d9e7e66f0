{{%AUTOESCAPE context="HTML"}}
{{! Each channel's description, twice: a text cut for its length must be }}
{{! reported once. }}
{{#CHANNELS}}{{#CHANNEL}}
<p>{{#CHANNEL_DESCRIPTION_HTML}}{{CHANNEL_DESCRIPTION_HTML:none}}{{/CHANNEL_DESCRIPTION_HTML}}</p>
{{/CHANNEL}}{{/CHANNELS}}
{{#CHANNELS}}{{#CHANNEL}}
<p>{{#CHANNEL_DESCRIPTION_HTML}}{{CHANNEL_DESCRIPTION_HTML:none}}{{/CHANNEL_DESCRIPTION_HTML}}</p>
{{/CHANNEL}}{{/CHANNELS}}
