{{%AUTOESCAPE context="HTML"}}
{{! <head> of every page. ASSETS is the relative path of the assets folder. }}
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{{GENERATOR}}">
<meta name="color-scheme" content="light dark">
<title>{{PAGE_TITLE}}</title>
<link rel="stylesheet" href="{{ASSETS}}style.css">
<link rel="stylesheet" href="{{ASSETS}}schema.css">
<link rel="stylesheet" href="{{ASSETS}}highlight.css">
<script src="{{ASSETS}}app.js"></script>
</head>
