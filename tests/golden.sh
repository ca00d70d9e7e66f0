#!/bin/sh
# Golden-file tests of the rendered sites: builds the example specs (v2 and
# v3; multi-page and single-page HTML; Markdown pages and one Markdown
# file) and compares every page byte for byte
# with tests/golden/<case>/ (the theme's assets/, copies of theme files,
# are left out). Each case is built twice: the two builds must be
# identical (reproducible output). TAP for automake's tap-driver.sh.
#
# After a deliberate change of the output, regenerate the files with
#   make update-golden
# (GOLDEN_UPDATE=1 tests/golden.sh) and review the diff.

bin=${ASYNCDOC_BIN:-./asyncdoc}
srcdir=${top_srcdir:-.}
golden=$srcdir/tests/golden
tmp=$(mktemp -d "${TMPDIR:-/tmp}/asyncdoc-golden.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

# case name, spec, build options
cases="parking-v3-pages examples/parking-v3/asyncapi.yaml -
parking-v3-single examples/parking-v3/asyncapi.yaml --single-page
parking-v2-pages examples/parking-v2/asyncapi.yaml -
parking-v2-single examples/parking-v2/asyncapi.yaml --single-page
parking-v3-md examples/parking-v3/asyncapi.yaml --format=md
parking-v2-md-single examples/parking-v2/asyncapi.yaml --format=md,--single-file"

n=0
echo "1..$(($(echo "$cases" | wc -l) * 3))"
echo "$cases" | while read -r name spec opts; do
	[ "$opts" = - ] && opts=
	opts=$(echo "$opts" | tr ',' ' ')
	for run in a b; do
		# shellcheck disable=SC2086
		"$bin" build $opts "$srcdir/$spec" -o "$tmp/$name-$run" \
			>"$tmp/out" 2>"$tmp/err"
		echo $? >"$tmp/rc-$run"
		rm -rf "$tmp/$name-$run/assets" "$tmp/$name-$run/.asyncdoc-site"
	done
	n=$((n + 1))
	if [ "$(cat "$tmp/rc-a")" -eq 0 ]; then
		echo "ok $n - $name builds"
	else
		echo "not ok $n - $name builds"
		sed 's/^/# /' "$tmp/err" | head -n 20
	fi
	n=$((n + 1))
	if diff -r "$tmp/$name-a" "$tmp/$name-b" >"$tmp/diff" 2>&1; then
		echo "ok $n - $name: two builds are byte-identical"
	else
		echo "not ok $n - $name: two builds are byte-identical"
		head -n 20 "$tmp/diff" | sed 's/^/# /'
	fi
	n=$((n + 1))
	if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
		rm -rf "$golden/$name"
		mkdir -p "$golden"
		cp -R "$tmp/$name-a" "$golden/$name"
		echo "ok $n - $name: golden files written # SKIP updating"
	elif diff -r "$golden/$name" "$tmp/$name-a" >"$tmp/diff" 2>&1; then
		echo "ok $n - $name matches tests/golden/$name"
	else
		echo "not ok $n - $name matches tests/golden/$name"
		head -n 40 "$tmp/diff" | sed 's/^/# /'
		echo "# (make update-golden regenerates them after a deliberate change)"
	fi
done
exit 0
