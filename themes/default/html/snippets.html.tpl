{{%AUTOESCAPE context="HTML"}}
{{! Command lines for an operation, one tab per protocol: radio inputs and CSS, no script; with no CSS every panel shows. }}
{{#SN}}<section class="snippets" aria-labelledby="{{SN_ID}}-h">
<h2 id="{{SN_ID}}-h">Try it</h2>
<div class="sn-tabs">
{{#SN_TAB}}<input class="sn-radio" type="radio" name="{{SN_ID}}" id="{{TAB_ID}}"{{#TAB_FIRST}} checked{{/TAB_FIRST}}><label class="sn-tab" for="{{TAB_ID}}">{{TAB_LABEL}}</label>
<div class="sn-panel">
{{#TAB_CODE}}<p class="sn-note">{{TAB_DIR}} with <code>{{TAB_TOOL}}</code> on server <a href="{{SERVER_URL}}">{{SERVER_NAME}}</a>:</p>
<pre class="code"><code>{{TAB_TEXT}}</code></pre>{{/TAB_CODE}}
{{#TAB_NONE}}<p class="sn-note">No command-line snippet for this protocol (server <a href="{{SERVER_URL}}">{{SERVER_NAME}}</a>).</p>{{/TAB_NONE}}
</div>
{{/SN_TAB}}</div>
</section>{{/SN}}
