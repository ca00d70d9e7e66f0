#!/bin/sh
# Command-line tests of asyncdoc: help, exit codes, build, validate, and the
# output folder rules. Writes TAP for automake's tap-driver.sh. make check
# sets ASYNCDOC_BIN (the binary) and top_srcdir (the source tree).

bin=${ASYNCDOC_BIN:-./asyncdoc}
srcdir=${top_srcdir:-.}
data=$srcdir/tests/data/cli
tmp=$(mktemp -d "${TMPDIR:-/tmp}/asyncdoc-cli.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
out=$tmp/stdout
err=$tmp/stderr

n=0
echo "1..35"

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	echo "not ok $n - $1"
	# Show what the command said, as TAP comments.
	sed 's/^/# stdout: /' "$out" 2>/dev/null | head -n 20
	sed 's/^/# stderr: /' "$err" 2>/dev/null | head -n 20
}

# check DESCRIPTION CONDITION...: ok when the condition (a command) holds.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# run ARGS...: runs asyncdoc, keeping its status in $rc.
run() {
	"$bin" "$@" >"$out" 2>"$err"
	rc=$?
}

has() { grep -q -e "$1" "$2"; }
is_rc() { test "$rc" -eq "$1"; }

run --help
check "--help exits 0" is_rc 0
check "--help prints the usage" has '^Usage: asyncdoc COMMAND' "$out"

run --version
check "--version exits 0" is_rc 0
check "--version prints the name and version" has '^asyncdoc [0-9]' "$out"

run build --help
check "build --help exits 0 and lists -o" \
	sh -c 'test "$0" -eq 0 && grep -q -e "--output DIR" "$1"' "$rc" "$out"

run validate -h
check "validate -h exits 0 and shows its usage" \
	sh -c 'test "$0" -eq 0 && grep -q "^Usage: asyncdoc validate" "$1"' \
	"$rc" "$out"

run --bogus
check "unknown option exits 2" is_rc 2
check "unknown option is named" has "unknown option '--bogus'" "$err"

run build "$data/good.yaml" -o "$tmp/x" --bogus
check "unknown build option exits 2" is_rc 2

run frobnicate
check "unknown command exits 2" is_rc 2

run build "$data/good.yaml"
check "build without -o exits 2" is_rc 2

run build "$data/good.yaml" -o "$tmp/x" --max-depth 0
check "a limit of 0 is a usage error" is_rc 2

site=$tmp/site
run build "$data/good.yaml" -o "$site"
check "build on a good spec exits 0" is_rc 0
check "build prints the index page's path" \
	test "$(cat "$out")" = "$site/index.html"
check "index.html holds the title" \
	has '<h1>CLI Test Service</h1>' "$site/index.html"
check "the theme's stylesheet is copied" test -s "$site/assets/style.css"
check "the site is marked as ours" test -f "$site/.asyncdoc-site"

cp "$site/index.html" "$tmp/before.html"
run build "$data/broken.yaml" -o "$site"
check "build on a broken spec exits 1" is_rc 1
check "the error is file:line:col: error:" \
	has 'broken.yaml:6:31: error: ' "$err"
check "the source line is shown" \
	has '^ *greetings: {subscribe: \[1, 2}$' "$err"
check "a caret points at the column" has '^ *\^$' "$err"
check "no colour when stderr is not a terminal" \
	sh -c '! grep -q "$(printf "\033")" "$0"' "$err"
check "a failed build leaves the previous site" \
	cmp -s "$site/index.html" "$tmp/before.html"
check "a failed build leaves no staging folder" \
	test "$(ls -A "$tmp" | grep -c '^\.site\.')" -eq 0

run build "$data/good-v3.json" -o "$site"
check "build replaces its own site (v3, JSON)" \
	sh -c 'test "$0" -eq 0 && grep -q "<h1>CLI JSON Service</h1>" "$1"' \
	"$rc" "$site/index.html"

mkdir "$tmp/mine" && echo keep >"$tmp/mine/notes.txt"
run build "$data/good.yaml" -o "$tmp/mine"
check "a folder that is not a site is refused with exit 2" \
	sh -c 'test "$0" -eq 2 && grep -q "output-not-site" "$1"' "$rc" "$err"
check "the refused folder is untouched" \
	sh -c 'test "$(cat "$0/notes.txt")" = keep && ! test -e "$0/index.html"' \
	"$tmp/mine"

run build "$data/good.yaml" -o "$tmp/mine" --force
check "--force replaces it" \
	sh -c 'test "$0" -eq 0 && ! test -e "$1/notes.txt"' "$rc" "$tmp/mine"

: >"$tmp/afile"
run build "$data/good.yaml" -o "$tmp/afile/site"
check "an output folder that cannot be created exits 2" is_rc 2

run validate "$data/good.yaml" "$data/good-v3.json"
check "validate on good specs exits 0 with a summary" \
	sh -c 'test "$0" -eq 0 && grep -q "good.yaml: valid (AsyncAPI 2.6.0" "$1" &&
		grep -q "good-v3.json: valid (AsyncAPI 3.0.0" "$1"' "$rc" "$out"

run validate "$data/good.yaml" "$data/broken.yaml"
check "validate with a broken spec exits 1" \
	sh -c 'test "$0" -eq 1 && grep -q "broken.yaml: invalid" "$1"' \
	"$rc" "$out"

run validate "$data/no-such-file.yaml"
check "validate on a missing file exits 2" is_rc 2

run build "$data/good.yaml" -o "$tmp/themed" \
	--theme "$srcdir/tests/data/render/user-theme"
check "--theme overrides a partial" \
	sh -c 'test "$0" -eq 0 && grep -q "user-footer" "$1/index.html"' \
	"$rc" "$tmp/themed"

run build "$data/good.yaml" -o "$tmp/again"
check "the same spec gives the same bytes" \
	cmp -s "$tmp/again/index.html" "$tmp/mine/index.html"

run build "$data/good.yaml" -o "$tmp/small" --max-file-size 10
check "a file over --max-file-size is invalid input (exit 1)" \
	sh -c 'test "$0" -eq 1 && ! test -e "$1"' "$rc" "$tmp/small"

test "$n" -eq 35 || echo "Bail out! planned 35 tests, ran $n"
exit 0
