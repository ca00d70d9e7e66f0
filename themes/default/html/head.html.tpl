{{%AUTOESCAPE context="HTML"}}
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{{GENERATOR}}">
<meta name="color-scheme" content="light dark">
<title>{{PAGE_TITLE}}</title>
<link rel="stylesheet" href="{{ASSETS}}style.css">
</head>
