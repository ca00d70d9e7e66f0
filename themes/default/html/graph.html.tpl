{{%AUTOESCAPE context="HTML"}}
{{! The architecture graph: the SVG laid out at build time (no script), and the same links as a list. }}
{{#GRAPH}}<section id="architecture" class="arch" aria-labelledby="architecture-title">
<h2 id="architecture-title">Architecture</h2>
{{#GRAPH_SVG_HTML}}<figure class="arch-graph">{{GRAPH_SVG_HTML:none}}<figcaption>{{GRAPH_SUMMARY}}</figcaption></figure>{{/GRAPH_SVG_HTML}}
{{#GRAPH_LIMITED}}<p class="muted">{{GRAPH_LIMIT}}</p>{{/GRAPH_LIMITED}}
<details class="arch-list">
<summary>The graph as a list</summary>
<ul>
{{#GRAPH_EDGE}}<li><a href="{{FROM_URL}}">{{FROM_LABEL}}</a> {{EDGE_VERB}} <a href="{{TO_URL}}">{{TO_LABEL}}</a></li>
{{/GRAPH_EDGE}}</ul>
</details>
</section>{{/GRAPH}}
