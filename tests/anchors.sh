#!/bin/sh
# Anchors (TAP): builds the specs of tests/data/anchors (schema trees that
# share subschemas, shown several times on one page; channels whose
# addresses nest, so that a heading's id could be another channel's
# anchor) and the examples as multi-page and single-page HTML, Markdown
# pages and one Markdown file, and checks every page with
# tests/anchors.awk: no id twice on a page, and every link's #fragment
# (and every label's for or aria-*) names an id of the page it leads to.
#
#   ASYNCDOC_BIN  the asyncdoc to test (default ./asyncdoc)
#   top_srcdir    the source tree (default .)

bin=${ASYNCDOC_BIN:-./asyncdoc}
# absolute: the checker runs in each site's folder
srcdir=$(cd "${top_srcdir:-.}" && pwd) || exit 99
tmp=$(mktemp -d "${TMPDIR:-/tmp}/asyncdoc-anchors.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

specs="tests/data/anchors/shared-v3.yaml
tests/data/anchors/shared-v2.yaml
tests/data/anchors/nested-v2.yaml
examples/parking-v3/asyncapi.yaml
examples/parking-v2/asyncapi.yaml"
# mode name, build options (comma-separated)
modes="pages -
single --single-page
md --format=md
md-single --format=md,--single-file"

echo "1..$(($(echo "$specs" | wc -l) * $(echo "$modes" | wc -l)))"
n=0
for spec in $specs; do
	name=$(basename "$(dirname "$spec")")-$(basename "$spec" .yaml)
	while read -r mode opts; do
		n=$((n + 1))
		[ "$opts" = - ] && opts=
		site=$tmp/$name-$mode
		# shellcheck disable=SC2046
		if ! "$bin" build $(echo "$opts" | tr ',' ' ') "$srcdir/$spec" \
			-o "$site" >"$tmp/out" 2>&1; then
			echo "not ok $n - $name $mode builds"
			sed 's/^/# /' "$tmp/out" | head -n 20
			continue
		fi
		(cd "$site" && find . \( -name '*.html' -o -name '*.md' \) \
			! -path './assets/*' | sed 's|^\./||' | sort) >"$tmp/pages"
		(cd "$site" && LC_ALL=C ${AWK:-awk} -f "$srcdir/tests/anchors.awk" \
			"$tmp/pages") >"$tmp/problems" 2>&1
		if [ -s "$tmp/problems" ]; then
			echo "not ok $n - $name $mode: ids unique, links reach them"
			head -n 20 "$tmp/problems" | sed 's/^/# /'
		else
			echo "ok $n - $name $mode: ids unique, links reach them"
		fi
	done <<EOF
$modes
EOF
done
exit 0
