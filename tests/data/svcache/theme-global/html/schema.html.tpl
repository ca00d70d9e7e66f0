{{%AUTOESCAPE context="HTML"}}
{{! One schema of a tree made by schemaview_fill() (src/schemaview.h).   }}
{{! It includes itself (SV_CHILD_BODY) once per nesting level, and needs }}
{{! nothing from the including page. Values are set raw and escaped here; }}
{{! SV_TYPE_HTML and SV_CHILD_TYPE_HTML are made by schemaview.c, which  }}
{{! escapes every byte of the spec, SV_DESCRIPTION_HTML by cmark in safe  }}
{{! mode. A section looks names up in its parents too, so a row's values }}
{{! are SV_CHILD_*, a fact's SV_FACT_*. Styles: assets/schema.css.        }}
<div class="sv{{#SV_ROOT}} sv-root{{/SV_ROOT}}"{{#SV_ANCHOR}} id="{{SV_ANCHOR_ID}}"{{/SV_ANCHOR}}>
{{#SV_HEAD}}
<p class="sv-head"><span class="sv-type">{{SV_TYPE_HTML:none}}</span>{{#SV_BADGE}} <span class="sv-badge sv-badge-{{SV_BADGE_KIND}}">{{SV_BADGE_TEXT}}</span>{{/SV_BADGE}}</p>
{{/SV_HEAD}}
{{#SV_TITLE}}
<p class="sv-title">{{SV_TITLE_TEXT}}</p>
{{/SV_TITLE}}
{{#SV_DESC}}
<div class="sv-desc markdown">{{SV_DESCRIPTION_HTML:none}}</div>
{{/SV_DESC}}
{{#SV_NOTE}}
<p class="sv-note">{{SV_NOTE_TEXT}}</p>
{{/SV_NOTE}}
{{#SV_FACTS}}
<dl class="sv-facts">
{{#SV_FACT}}
<div class="sv-fact sv-{{SV_FACT_CAT}} sv-fact-{{SV_FACT_CLASS}}"><dt>{{SV_FACT_LABEL}}</dt><dd>{{#SV_FACT_VAL}}<code>{{SV_FACT_VAL_TEXT}}</code>{{#SV_FACT_VAL_SEP}}, {{/SV_FACT_VAL_SEP}}{{/SV_FACT_VAL}}{{#SV_FACT_MORE}} <span class="sv-more">(and {{SV_FACT_MORE_N}} more)</span>{{/SV_FACT_MORE}}{{#SV_FACT_LINK}}<a href="{{SV_FACT_URL}}">{{SV_FACT_LINK_TEXT}}</a>{{/SV_FACT_LINK}}</dd></div>
{{/SV_FACT}}
</dl>
{{/SV_FACTS}}
{{#SV_RAW}}
<p class="sv-raw-format">Schema format <code>{{SV_RAW_FORMAT}}</code>, shown as written:</p>
<pre class="sv-raw"><code>{{SV_RAW_TEXT}}</code></pre>
{{/SV_RAW}}
{{#SV_GROUP}}
<div class="sv-group sv-group-{{SV_GROUP_CLASS}}">
<p class="sv-group-label">{{SV_GROUP_LABEL}}</p>
<ul class="sv-rows" data-root="{{ROOT}}">
{{#SV_CHILD}}
<li class="sv-row">
{{#SV_CHILD_NEST}}
<details class="sv-nest"{{#SV_CHILD_OPEN}} open{{/SV_CHILD_OPEN}}><summary><span class="sv-line"{{#SV_CHILD_ANCHOR}} id="{{SV_CHILD_ANCHOR_ID}}"{{/SV_CHILD_ANCHOR}}>{{#SV_CHILD_NAMED}}<code class="sv-name sv-name-{{SV_CHILD_NAME_KIND}}">{{SV_CHILD_NAME}}</code> {{/SV_CHILD_NAMED}}<span class="sv-type">{{SV_CHILD_TYPE_TEXT}}</span>{{#SV_CHILD_BADGE}} <span class="sv-badge sv-badge-{{SV_CHILD_BADGE_KIND}}">{{SV_CHILD_BADGE_TEXT}}</span>{{/SV_CHILD_BADGE}}</span></summary>
{{#SV_CHILD_REFLINE}}<p class="sv-refline"><span class="sv-type">{{SV_CHILD_TYPE_HTML:none}}</span>{{#SV_CHILD_LINK}} <a class="sv-link" href="{{SV_CHILD_LINK_URL}}">{{SV_CHILD_LINK_TEXT}}</a>{{/SV_CHILD_LINK}}</p>{{/SV_CHILD_REFLINE}}
{{>SV_CHILD_BODY}}
</details>
{{/SV_CHILD_NEST}}
{{#SV_CHILD_FLAT}}
<span class="sv-line"{{#SV_CHILD_ANCHOR}} id="{{SV_CHILD_ANCHOR_ID}}"{{/SV_CHILD_ANCHOR}}>{{#SV_CHILD_NAMED}}<code class="sv-name sv-name-{{SV_CHILD_NAME_KIND}}">{{SV_CHILD_NAME}}</code> {{/SV_CHILD_NAMED}}<span class="sv-type">{{SV_CHILD_TYPE_HTML:none}}</span>{{#SV_CHILD_BADGE}} <span class="sv-badge sv-badge-{{SV_CHILD_BADGE_KIND}}">{{SV_CHILD_BADGE_TEXT}}</span>{{/SV_CHILD_BADGE}}{{#SV_CHILD_LINK}} <a class="sv-link" href="{{SV_CHILD_LINK_URL}}">{{SV_CHILD_LINK_TEXT}}</a>{{/SV_CHILD_LINK}}</span>
{{>SV_CHILD_BODY}}
{{/SV_CHILD_FLAT}}
</li>
{{/SV_CHILD}}
{{#SV_GROUP_MORE}}
<li class="sv-more">{{SV_GROUP_MORE_N}} more not shown</li>
{{/SV_GROUP_MORE}}
</ul>
</div>
{{/SV_GROUP}}
</div>
