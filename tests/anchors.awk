# Checks the ids and in-page links of a built site, for tests/anchors.sh.
#
#   cd SITE && LC_ALL=C awk -f anchors.awk LIST
#
# LIST names the pages, one a line, relative to the site's root (.html or
# .md). Prints one line per problem (nothing when there is none):
#   - an id twice on one page (HTML: every id attribute; Markdown: every
#     <a id="...">, and one that an earlier heading's slug takes: a link
#     to it would lead to that heading on GitHub);
#   - a link whose #fragment names no id of its target page: href="#x" and
#     href="page.html#x" (HTML), [text](#x) and [text](page.md#x)
#     (Markdown, where a heading's GitHub-style slug counts as an id too);
#   - an HTML for, aria-labelledby, aria-describedby or aria-controls that
#     names no id of its page.
# Links with a scheme (https:, mailto:) and a bare "#" are not checked.

# The page at url (a path relative to the folder of page), or "" when the
# url climbs out of the site.
function resolve(page, url,    dir, path, n, parts, out, m, i, res) {
	dir = page
	if (!sub(/\/[^\/]*$/, "", dir))
		dir = ""
	path = dir == "" ? url : dir "/" url
	n = split(path, parts, "/")
	m = 0
	for (i = 1; i <= n; i++) {
		if (parts[i] == "" || parts[i] == ".")
			continue
		if (parts[i] == "..") {
			if (m == 0)
				return ""
			m--
			continue
		}
		out[++m] = parts[i]
	}
	res = ""
	for (i = 1; i <= m; i++)
		res = res (i > 1 ? "/" : "") out[i]
	return res
}

function add_id(page, id) {
	if ((page SUBSEP id) in ids) {
		if (!((page SUBSEP id) in told))
			print page ": id \"" id "\" more than once" \
			    ((page SUBSEP id) in slugs ? \
			     " (an earlier heading's slug)" : "")
		told[page, id] = 1
		return
	}
	ids[page, id] = 1
}

function add_link(page, url) {
	nlinks++
	link_page[nlinks] = page
	link_url[nlinks] = url
}

function add_ref(page, list,    n, parts, i) {
	n = split(list, parts, " ")
	for (i = 1; i <= n; i++) {
		nrefs++
		ref_page[nrefs] = page
		ref_id[nrefs] = parts[i]
	}
}

# The GitHub-style slug of a Markdown heading's text, made unique on page
# as GitHub does ("x", "x-1", "x-2"...).
function heading_id(page, text,    s, n) {
	s = tolower(text)
	gsub(/\\/, "", s)
	gsub(/[^a-z0-9 _-]/, "", s)
	gsub(/ /, "-", s)
	if ((page SUBSEP s) in slugs) {
		n = ++slug_n[page, s]
		s = s "-" n
	}
	slugs[page, s] = 1
	return s
}

# The values of attribute attr (with its leading space: " id=") in line.
function each_attr(line, attr, page, what,    v) {
	while (match(line, attr "\"[^\"]*\"")) {
		v = substr(line, RSTART + length(attr) + 1,
		           RLENGTH - length(attr) - 2)
		if (what == "id")
			add_id(page, v)
		else if (what == "link")
			add_link(page, v)
		else
			add_ref(page, v)
		line = substr(line, RSTART + RLENGTH)
	}
}

function read_html(page,    line) {
	while ((getline line < page) > 0) {
		each_attr(line, " id=", page, "id")
		each_attr(line, " href=", page, "link")
		each_attr(line, " for=", page, "ref")
		each_attr(line, " aria-labelledby=", page, "ref")
		each_attr(line, " aria-describedby=", page, "ref")
		each_attr(line, " aria-controls=", page, "ref")
	}
	close(page)
}

function read_md(page,    line, fence, s) {
	fence = 0
	while ((getline line < page) > 0) {
		if (line ~ /^(```|~~~)/) {
			fence = !fence
			continue
		}
		if (fence)
			continue
		if (line ~ /^#+ /) {
			s = line
			sub(/^#+ +/, "", s)
			sub(/ +#+ *$/, "", s)
			ids[page, heading_id(page, s)] = 1
		}
		s = line
		while (match(s, /<a id="[^"]*"/)) {
			add_id(page, substr(s, RSTART + 7, RLENGTH - 8))
			s = substr(s, RSTART + RLENGTH)
		}
		s = line
		while (match(s, /\]\([^) ]*\)/)) {
			add_link(page, substr(s, RSTART + 2, RLENGTH - 3))
			s = substr(s, RSTART + RLENGTH)
		}
	}
	close(page)
}

{
	pages[$0] = 1
	if ($0 ~ /\.html$/)
		read_html($0)
	else
		read_md($0)
}

END {
	for (i = 1; i <= nlinks; i++) {
		url = link_url[i]
		page = link_page[i]
		if (url ~ /^[a-zA-Z][a-zA-Z0-9+.-]*:/ || url ~ /^\/\// ||
		    index(url, "#") == 0 || url == "#")
			continue
		frag = substr(url, index(url, "#") + 1)
		path = substr(url, 1, index(url, "#") - 1)
		target = path == "" ? page : resolve(page, path)
		if (!(target in pages))
			print page ": link " url ": no page " target
		else if (!((target SUBSEP frag) in ids))
			print page ": link " url ": no id \"" frag "\" on " target
	}
	for (i = 1; i <= nrefs; i++)
		if (!((ref_page[i] SUBSEP ref_id[i]) in ids))
			print ref_page[i] ": no id \"" ref_id[i] "\" for a label"
}
