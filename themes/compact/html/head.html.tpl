{{%AUTOESCAPE context="HTML"}}
{{! compact: the default head plus compact.css, which overrides it. }}
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{{GENERATOR}}">
<meta name="color-scheme" content="light dark">
<title>{{PAGE_TITLE}}</title>
<link rel="stylesheet" href="{{ASSETS}}style.css">
<link rel="stylesheet" href="{{ASSETS}}schema.css">
<link rel="stylesheet" href="{{ASSETS}}highlight.css">
<link rel="stylesheet" href="{{ASSETS}}compact.css">
<script src="{{ASSETS}}app.js"></script>
</head>
