{{%AUTOESCAPE context="HTML"}}
{{! <head> of every page. ASSET_<file> are the assets' URLs from this   }}
{{! page, with a content hash in CSS and JS names (style.3f2a9c1e.css).  }}
{{! A self-contained page has their text inline instead.                }}
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{{GENERATOR}}">
<meta name="color-scheme" content="light dark">
{{#BASE}}<base href="{{BASE_URL}}">
{{/BASE}}<title>{{PAGE_TITLE}}</title>
{{#CANONICAL}}
<link rel="canonical" href="{{CANONICAL_URL}}">
<meta property="og:type" content="website">
<meta property="og:title" content="{{OG_TITLE}}">
<meta property="og:site_name" content="{{OG_SITE}}">
<meta property="og:url" content="{{CANONICAL_URL}}">
{{#OG_DESCRIPTION}}<meta property="og:description" content="{{OG_DESCRIPTION}}">
<meta name="description" content="{{OG_DESCRIPTION}}">{{/OG_DESCRIPTION}}
{{/CANONICAL}}
{{#LINKED}}
<link rel="stylesheet" href="{{ASSET_style_css}}">
<link rel="stylesheet" href="{{ASSET_schema_css}}">
<link rel="stylesheet" href="{{ASSET_highlight_css}}">
<script src="{{ASSET_app_js}}"></script>
{{/LINKED}}
{{#SELF_CONTAINED}}
<style>{{INLINE_CSS_HTML:none}}</style>
<script>{{INLINE_JS_HTML:none}}</script>
{{/SELF_CONTAINED}}
</head>
