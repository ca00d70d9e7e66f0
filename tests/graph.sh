#!/bin/sh
# The architecture graph in built sites: every node's link resolves to a
# page (and anchor) of the site, the SVG holds no script, no event handler
# and no external reference, Markdown gets a Mermaid block, and
# -p graph=false leaves it out. TAP for automake's tap-driver.sh.

bin=${ASYNCDOC_BIN:-./asyncdoc}
srcdir=${top_srcdir:-.}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/asyncdoc-graph.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0
echo "1..12"

check() {
	n=$((n + 1))
	if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi
}

# svg SITE: the SVG of the site's index, on one line per tag.
svg() {
	sed -n '/<svg/,/<\/svg>/p' "$1/index.html" | tr '\n' ' ' |
		sed 's/</\n</g'
}

# links_resolve SITE: every xlink:href of the SVG is a file of the site,
# and its anchor an id in that file.
links_resolve() {
	svg "$1" | sed -n 's/.*xlink:href="\([^"]*\)".*/\1/p' >"$tmp/links"
	test -s "$tmp/links" || return 1
	while read -r url; do
		file=${url%%#*}
		anchor=
		case $url in *'#'*) anchor=${url#*#} ;; esac
		[ -n "$file" ] || file=index.html
		test -f "$1/$file" || { echo "# no page: $url"; return 1; }
		if [ -n "$anchor" ] &&
			! grep -q "id=\"$anchor\"" "$1/$file"; then
			echo "# no anchor: $url"
			return 1
		fi
	done <"$tmp/links"
}

clean_svg() {
	svg "$1" >"$tmp/svg"
	! grep -qi '<script' "$tmp/svg" &&
		! grep -qiE '<[^>]* on[a-z]+=' "$tmp/svg" &&
		! grep -qE 'href="([a-z]+:|//)' "$tmp/svg"
}

for ex in parking-v3 parking-v2; do
	"$bin" build "$srcdir/examples/$ex/asyncapi.yaml" -o "$tmp/$ex" \
		>/dev/null 2>&1
	check "$ex: the index has the graph" \
		"grep -q '<svg role=\"img\"' '$tmp/$ex/index.html'"
	check "$ex: every node links to a page of the site" \
		"links_resolve '$tmp/$ex'"
	check "$ex: no script, handler or external reference in the SVG" \
		"clean_svg '$tmp/$ex'"
done
"$bin" build --single-page "$srcdir/examples/parking-v3/asyncapi.yaml" \
	-o "$tmp/single" >/dev/null 2>&1
check "single page: every node links to an anchor of the page" \
	"links_resolve '$tmp/single'"
"$bin" build --format md "$srcdir/examples/parking-v3/asyncapi.yaml" \
	-o "$tmp/md" >/dev/null 2>&1
check "Markdown: a Mermaid block" "grep -q '^\`\`\`mermaid' '$tmp/md/index.md'"
"$bin" build -p graph=false "$srcdir/examples/parking-v3/asyncapi.yaml" \
	-o "$tmp/off" >/dev/null 2>&1
check "-p graph=false: no graph" "! grep -q '<svg' '$tmp/off/index.html'"
"$bin" build "$srcdir/examples/parking-v3/asyncapi.yaml" \
	"$srcdir/examples/parking-v2/asyncapi.yaml" -o "$tmp/portal" \
	>/dev/null 2>&1
check "portal: its landing page's graph links resolve" \
	"grep -q '<svg role=\"img\"' '$tmp/portal/index.html' &&
		links_resolve '$tmp/portal'"
for d in "$tmp"/portal/*/index.html; do
	d=$(dirname "$d")
	check "portal member $(basename "$d"): its graph's links resolve" \
		"links_resolve '$d'"
done
