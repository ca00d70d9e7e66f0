#!/bin/sh
# Command-line tests of asyncdoc: help, exit codes, build, validate, the
# output folder rules, the diagnostic formats and --fail-on. Writes TAP for automake's tap-driver.sh. make check
# sets ASYNCDOC_BIN (the binary) and top_srcdir (the source tree).

bin=${ASYNCDOC_BIN:-./asyncdoc}
srcdir=${top_srcdir:-.}
data=$srcdir/tests/data/cli
tmp=$(mktemp -d "${TMPDIR:-/tmp}/asyncdoc-cli.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
out=$tmp/stdout
err=$tmp/stderr

n=0
planned=104
echo "1..$planned"

. "$srcdir/tests/tap.sh"

# run_in DIR ARGS...: runs asyncdoc in DIR, so that the file names in its
# output are the relative ones given.
run_in() {
	dir=$1
	shift
	(cd "$dir" && exec "$bin" "$@") >"$out" 2>"$err"
	rc=$?
}

# same FILE EXPECTED: the files are equal, else their diff as TAP comments.
same() {
	if cmp -s "$1" "$2"; then return 0; fi
	diff "$2" "$1" | head -n 40 | sed 's/^/# /'
	return 1
}

# rc_and_same CODE FILE EXPECTED: exit status CODE and same FILE EXPECTED.
rc_and_same() { is_rc "$1" && same "$2" "$3"; }

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
	has '<h1 id="info-title">CLI Test Service</h1>' "$site/index.html"
check "the theme's stylesheet is copied, named by its content" \
	sh -c 'ls "$0"/assets/style.*.css >/dev/null &&
		grep -q "href=\"assets/style\.[0-9a-f]\{8\}\.css\"" "$0/index.html"' \
	"$site"
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
	sh -c 'test "$0" -eq 0 && grep -q "<h1 id=\"info-title\">CLI JSON Service</h1>" "$1"' \
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

# ---------------------------------------------------------------- formats
# The files in expected/ are the exact outputs. After a deliberate change of
# a message or a position, regenerate them from tests/data/cli with:
#   asyncdoc validate --format json schema-invalid.yaml rules-error.yaml \
#	>expected/two-specs.json
#   asyncdoc validate --format github schema-invalid.yaml \
#	>expected/schema-invalid.github
#   asyncdoc validate rules-error.yaml 2>expected/rules-error.txt
#   asyncdoc validate --format sarif rules-error.yaml |
#	sed 's/.*"columnKind"/{"columnKind"/' >expected/rules-error.sarif-run
# and read the diff before committing it.
exp=$data/expected

run_in "$data" validate rules-error.yaml
check "text: semantic rule errors with their positions and rule ids" \
	rc_and_same 1 "$err" "$exp/rules-error.txt"
check "text: the verdict is on stdout" \
	test "$(cat "$out")" = "rules-error.yaml: invalid"

run_in "$data" validate --format json schema-invalid.yaml rules-error.yaml
check "json: one document for two specs, exact rule ids and positions" \
	rc_and_same 1 "$out" "$exp/two-specs.json"
check "json: nothing on stderr" test ! -s "$err"

run_in "$data" validate --format github schema-invalid.yaml
check "github: workflow commands with file, line, col and the rule" \
	rc_and_same 1 "$out" "$exp/schema-invalid.github"

run_in "$data" validate --format sarif rules-error.yaml
sed 's/.*"columnKind"/{"columnKind"/' "$out" >"$tmp/run"
check "sarif: results with ruleId, level, uri and region" \
	rc_and_same 1 "$tmp/run" "$exp/rules-error.sarif-run"
check "sarif: the rules of --list-rules are the driver's rules" \
	has '"rules":\[{"id":"operation-id-unique","shortDescription":{"text":' \
	"$out"
check "sarif: SRCROOT is the current directory" \
	has "\"SRCROOT\":{\"uri\":\"file://$(cd "$data" && pwd -P)/\"}" "$out"
check "sarif: one log, one run, version 2.1.0" \
	sh -c 'test "$(wc -l <"$0")" -eq 1 &&
		test "$(grep -o "\"tool\":" "$0" | wc -l)" -eq 1 &&
		grep -q "^{\"\$schema\":\"[^\"]*\",\"version\":\"2.1.0\",\"runs\":\[{" "$0"' \
	"$out"

run_in "$data" validate --format sarif schema-invalid.yaml rules-error.yaml \
	good.yaml
check "sarif: several specs give one run with every result" \
	sh -c 'test "$0" -eq 1 && test "$(grep -o "\"runs\":" "$1" | wc -l)" -eq 1 &&
		test "$(grep -o "\"uri\":\"schema-invalid.yaml\"" "$1" | wc -l)" -eq 2 &&
		test "$(grep -o "\"uri\":\"rules-error.yaml\"" "$1" | wc -l)" -eq 2' \
	"$rc" "$out"

run_in "$data" validate --format json no-such-file.yaml
check "json: an unreadable spec is an io-error and exit 2" \
	sh -c 'test "$0" -eq 2 && grep -q "\"rule\":\"io-error\"" "$1"' \
	"$rc" "$out"

run validate --format xml "$data/good.yaml"
check "an unknown --format is a usage error" \
	sh -c 'test "$0" -eq 2 && grep -q "unknown format '"'xml'"'" "$1"' \
	"$rc" "$err"
run validate --fail-on fatal "$data/good.yaml"
check "an unknown --fail-on is a usage error" is_rc 2
run validate --no-validate "$data/good.yaml"
check "validate has no --no-validate" is_rc 2
run validate --help
check "validate --help documents --format and --fail-on" \
	sh -c 'grep -q -e "--format FORMAT" "$0" && grep -q -e "--fail-on" "$0"' \
	"$out"

# Colour needs a terminal: script(1) gives the command one.
esc=$(printf '\033')
if command -v script >/dev/null 2>&1; then
	(cd "$data" && script -q -e -c "'$bin' validate broken.yaml" /dev/null) \
		</dev/null >"$tmp/tty" 2>&1
	check "text on a terminal is coloured" \
		grep -q "${esc}\[1;31merror:" "$tmp/tty"
	(cd "$data" && NO_COLOR=1 script -q -e -c "'$bin' validate broken.yaml" \
		/dev/null) </dev/null >"$tmp/tty" 2>&1
	check "NO_COLOR turns colour off on a terminal" \
		sh -c 'grep -q "broken.yaml:6:31: error:" "$0" &&
			! grep -q "$1" "$0"' "$tmp/tty" "$esc"
else
	not_ok "script(1) is missing: cannot test colour on a terminal"
	not_ok "script(1) is missing: cannot test NO_COLOR"
fi

# ---------------------------------------------------------------- --fail-on
run_in "$data" validate warnings-only.yaml
check "warnings alone pass by default" \
	sh -c 'test "$0" -eq 0 && grep -q "warnings-only.yaml: valid (.*, 2 warnings)" "$1"' \
	"$rc" "$out"
check "the warnings are shown with their rules" \
	sh -c 'grep -q "^warnings-only.yaml:2:1: warning: .*\[info-description\]$" "$0" &&
		grep -q "^warnings-only.yaml:10:3: warning: .*\[channel-address-trailing-slash\]$" "$0"' \
	"$err"

run_in "$data" validate --fail-on warning warnings-only.yaml
check "--fail-on warning turns a warnings-only spec into exit 1" \
	sh -c 'test "$0" -eq 1 &&
		grep -q "warnings-only.yaml: fails --fail-on warning (2 warnings)" "$1"' \
	"$rc" "$out"

run_in "$data" validate --fail-on warning infos-only.yaml
check "--fail-on warning lets infos pass" is_rc 0
run_in "$data" validate --fail-on info --format json infos-only.yaml
check "--fail-on info fails on an info" \
	sh -c 'test "$0" -eq 1 && grep -q "\"rule\":\"info-contact\"" "$1" &&
		grep -q "\"summary\":{\"errors\":0,\"warnings\":0,\"infos\":1}" "$1"' \
	"$rc" "$out"

run_in "$data" validate --fail-on warning good.yaml warnings-only.yaml \
	infos-only.yaml
check "several specs: exit 1 when one of them fails" \
	sh -c 'test "$0" -eq 1 && test "$(grep -c ": valid (" "$1")" -eq 2 &&
		grep -q "^warnings-only.yaml: fails" "$1"' "$rc" "$out"

# ---------------------------------------------------------------- build gate
site=$tmp/gate
run build "$data/good.yaml" -o "$site"
cp "$site/index.html" "$tmp/gate-before.html"
run_in "$data" build schema-invalid.yaml -o "$site"
check "build refuses a schema-invalid spec with exit 1" is_rc 1
check "build prints the schema diagnostics" \
	has '^schema-invalid.yaml:13:7: error: unexpected property .mesage. \[schema-additional-properties\]$' \
	"$err"
check "build says nothing was written, and how to force it" \
	has '^asyncdoc build: schema-invalid.yaml: 2 errors; nothing written (--no-validate' \
	"$err"
check "the refused build leaves the previous site" \
	sh -c 'cmp -s "$0/index.html" "$1" && test ! -s "$2"' \
	"$site" "$tmp/gate-before.html" "$out"

run_in "$data" build rules-error.yaml -o "$site"
check "build refuses a spec that breaks a semantic rule" \
	sh -c 'test "$0" -eq 1 && cmp -s "$1/index.html" "$2"' \
	"$rc" "$site" "$tmp/gate-before.html"

run_in "$data" build --no-validate schema-invalid.yaml -o "$site"
check "--no-validate forces the build" \
	sh -c 'test "$0" -eq 0 && grep -q "<h1 id=\"info-title\">Schema Invalid Service</h1>" "$1/index.html"' \
	"$rc" "$site"

run_in "$data" build --no-validate broken.yaml -o "$site"
check "--no-validate does not build a spec that does not load" \
	sh -c 'test "$0" -eq 1 && grep -q "<h1 id=\"info-title\">Schema Invalid Service</h1>" "$1/index.html" &&
		! grep -q -e "--no-validate" "$2"' "$rc" "$site" "$err"

run_in "$data" build --fail-on warning warnings-only.yaml -o "$site"
check "build --fail-on warning refuses warnings" \
	sh -c 'test "$0" -eq 1 && grep -q "<h1 id=\"info-title\">Schema Invalid Service</h1>" "$1/index.html"' \
	"$rc" "$site"

run_in "$data" validate --format json schema-invalid.yaml
cp "$out" "$tmp/validate.json"
run_in "$data" build --format json schema-invalid.yaml -o "$site"
check "build --format json prints the same document as validate" \
	rc_and_same 1 "$out" "$tmp/validate.json"

run_in "$data" build --format json good.yaml -o "$site"
check "build --format json: the document only, no index path" \
	sh -c 'test "$0" -eq 0 && test "$(wc -l <"$1")" -eq 1 &&
		grep -q "^{\"version\":1,\"diagnostics\":\[" "$1" &&
		grep -q "\"errors\":0" "$1"' "$rc" "$out"

# ---------------------------------------------------------------- rules list
run validate --list-rules
check "--list-rules prints id, severity and description" \
	sh -c 'test "$0" -eq 0 &&
		grep -q "^operation-id-unique	error	." "$1" &&
		grep -q "^info-description	warning	." "$1" &&
		grep -q "^component-unused	info	." "$1"' "$rc" "$out"
cut -f1 "$out" >"$tmp/rule-ids"
missing=
while read -r id; do
	grep -q "^\.B $(printf '%s' "$id" | sed 's/-/\\\\-/g')\$" \
		"$srcdir/asyncdoc.1" || missing="$missing $id"
done <"$tmp/rule-ids"
check "asyncdoc.1 documents every rule of --list-rules" test -z "$missing"
test -z "$missing" || echo "# not in asyncdoc.1:$missing"

# Infos are counted but listed only with --verbose (or --fail-on info).
run validate "$data/good.yaml"
check "infos are counted, not listed, by default" \
	sh -c 'test "$0" -eq 0 && grep -q " infos)$" "$1" &&
		! grep -q ": info: " "$2"' "$rc" "$out" "$err"
run validate --verbose "$data/good.yaml"
check "--verbose lists the infos" \
	sh -c 'test "$0" -eq 0 && grep -q ": info: info has no contact \[info-contact\]" "$1"' \
	"$rc" "$err"
run validate --format json "$data/good.yaml"
check "json holds the infos without --verbose" has '"severity":"info"' "$out"

# One root cause, one diagnostic: the model's own warning about the same
# undefined scheme is dropped when the rules report it.
run validate "$srcdir/tests/data/rules/security-scheme-defined-v2.yaml"
check "an undefined security scheme is reported once" \
	sh -c 'test "$0" -eq 1 &&
		test "$(grep -c ": [a-z]*: .*userPass" "$1")" -eq 1 &&
		grep -q "\[security-scheme-defined\]" "$1"' "$rc" "$err"

# A broken ref does not hide the document's other problems: the schema
# check runs on the rest, and the broken ref itself gives one error.
run validate "$data/broken-ref-and-schema.yaml"
check "a missing ref file and a schema error are both reported" \
	sh -c 'test "$0" -eq 1 &&
		grep -q ":9:15: error: .*\[ref-file-missing\]" "$1" &&
		grep -q ":2:1: error: .*title.*\[schema-required\]" "$1" &&
		test "$(grep -c ": error: " "$1")" -eq 2' "$rc" "$err"
run build "$data/broken-ref-and-schema.yaml" -o "$tmp/partial-site"
check "build of a spec with a broken ref writes nothing" \
	sh -c 'test "$0" -eq 1 && test ! -e "$1"' "$rc" "$tmp/partial-site"

# Every error in one run: a broken ref stands for "unknown" (the example
# whose payload is a broken ref adds nothing), and the semantic rules and
# the example checks still run on the rest of the document.
run validate "$data/every-error.yaml"
check "broken refs, a bad example and an undefined parameter in one run" \
	sh -c 'test "$0" -eq 1 &&
		test "$(grep -c "error: .*\[ref-file-missing\]" "$1")" -eq 2 &&
		grep -q ":15:3: error: .*userId.*\[channel-parameters-defined\]" "$1" &&
		grep -q ":33:20: error: .*\[message-examples-valid\]" "$1" &&
		test "$(grep -c ": error: " "$1")" -eq 4' "$rc" "$err"
run build "$data/every-error.yaml" -o "$tmp/every-site"
check "build of a spec with every error writes nothing" \
	sh -c 'test "$0" -eq 1 && test ! -e "$1"' "$rc" "$tmp/every-site"

# The ref root: services beside common/, as in the specification's
# social-media example, in a git repository and in a plain folder.
social() {
	mkdir -p "$1/common" "$1/public-api"
	printf 'commentLiked:\n  payload:\n    type: string\n' \
		>"$1/common/messages.yaml"
	printf 'x:\n  payload:\n    type: string\n' >"$1/../secret-$2.yaml"
	cat >"$1/public-api/asyncapi.yaml" <<EOF
asyncapi: 2.6.0
info:
  title: Public API
  version: 1.0.0
  description: Comments.
channels:
  comment/liked:
    subscribe:
      message:
        \$ref: '../common/messages.yaml#/commentLiked'
EOF
	sed "s|\.\./common/messages\.yaml#/commentLiked|../../secret-$2.yaml#/x|" \
		"$1/public-api/asyncapi.yaml" >"$1/public-api/leak.yaml"
}
mkdir -p "$tmp/roots"
roots=$(cd "$tmp/roots" && pwd -P)
social "$roots/repo" repo
if command -v git >/dev/null; then
	git init -q "$roots/repo" 2>/dev/null || mkdir -p "$roots/repo/.git"
else
	mkdir -p "$roots/repo/.git"
fi
run_in / build "$roots/repo/public-api/asyncapi.yaml" -o "$tmp/social-site"
check "a spec reads a sibling folder of its git repository with no option" \
	sh -c 'test "$0" -eq 0 && test -f "$1/index.html"' "$rc" "$tmp/social-site"
run_in / validate "$roots/repo/public-api/leak.yaml"
check "a ref leaving the repository is refused, naming the root and why" \
	sh -c 'test "$0" -eq 1 && grep -qF "outside the ref root '"'"'$1'"'"' (the git repository of the spec; set another with --ref-root) [ref-outside-root]" "$2"' \
	"$rc" "$roots/repo" "$err"
run_in / validate --ref-root "$roots" "$roots/repo/public-api/leak.yaml"
check "--ref-root lets it in" is_rc 0
social "$roots/plain" plain
run_in "$roots/plain" build public-api/asyncapi.yaml -o "$tmp/plain-site"
check "outside any repository, run from the folder holding both: builds" \
	sh -c 'test "$0" -eq 0 && test -f "$1/index.html"' "$rc" "$tmp/plain-site"
run_in "$roots/plain/common" validate ../public-api/asyncapi.yaml
check "run from elsewhere, the sibling is outside the spec's folder" \
	sh -c 'test "$0" -eq 1 && grep -qF "(the spec'"'"'s folder: it is in no git repository and not below the current folder" "$1"' \
	"$rc" "$err"
run validate --ref-root "$tmp/nowhere" "$data/good.yaml"
check "--ref-root that is no folder is a usage error" \
	sh -c 'test "$0" -eq 2 && grep -q "is not a folder" "$1"' "$rc" "$err"

# Pages, themes and their parameters.
run build "$data/good.yaml" -o "$tmp/multi"
check "build writes a page per channel and the search index" \
	sh -c 'test "$0" -eq 0 && ls "$1"/channels/*.html >/dev/null &&
		test -s "$1/search-index.js"' "$rc" "$tmp/multi"
run build --single-page "$data/good.yaml" -o "$tmp/single"
check "--single-page writes one page" \
	sh -c 'test "$0" -eq 0 && test ! -e "$1/channels" &&
		grep -q "id=\"channel-" "$1/index.html"' "$rc" "$tmp/single"
run themes
check "themes lists the default and compact themes" \
	sh -c 'test "$0" -eq 0 && grep -q "^default" "$1" &&
		grep -q "^compact (extends default)" "$1" &&
		grep -q -- "-p v3Labels=false" "$1"' "$rc" "$out"
run build --theme compact -p footerText=Hello -p v3Labels=yes \
	"$data/good.yaml" -o "$tmp/compact"
check "--theme NAME with parameters" \
	sh -c 'test "$0" -eq 0 && grep -q "<p>Hello " "$1/index.html" &&
		ls "$1"/assets/compact.*.css "$1"/assets/style.*.css >/dev/null' \
	"$rc" "$tmp/compact"
run build -p nope=1 "$data/good.yaml" -o "$tmp/bad-param"
check "an unknown theme parameter is an error naming the known ones" \
	sh -c 'test "$0" -eq 2 && grep -q "no parameter .nope." "$1" &&
		grep -q "v3Labels, groupByTags, snippets" "$1" && test ! -e "$2"' \
	"$rc" "$err" "$tmp/bad-param"
run build -p groupByTags=perhaps "$data/good.yaml" -o "$tmp/bad-param"
check "a malformed theme parameter is an error" \
	sh -c 'test "$0" -eq 2 && grep -q "is a boolean" "$1"' "$rc" "$err"
run build -p snippets=false "$srcdir/examples/parking-v3/asyncapi.yaml" -o "$tmp/nosnip"
check "-p snippets=false: no snippets, which are there by default" \
	sh -c 'test "$0" -eq 0 && ! grep -q "class=\"snippets\"" "$1"/operations/*.html &&
		grep -q "class=\"snippets\"" "$2"/operations/*.html' \
	"$rc" "$tmp/nosnip" "$srcdir/tests/golden/parking-v3-pages"
run build --theme no-such-theme "$data/good.yaml" -o "$tmp/bad-theme"
check "an unknown theme name is an error" \
	sh -c 'test "$0" -eq 2 && grep -q "no theme named" "$1"' "$rc" "$err"

# Markdown pages.
run build --format md "$data/good.yaml" -o "$tmp/md"
check "--format md writes Markdown pages and no HTML" \
	sh -c 'test "$0" -eq 0 && test -s "$1/index.md" &&
		ls "$1"/channels/*.md >/dev/null && test ! -e "$1/index.html" &&
		test ! -e "$1/assets" && test "$(cat "$2")" = "$1/index.md"' \
	"$rc" "$tmp/md" "$out"
printf -- '---\ntitle: {{title}}\n---\n' >"$tmp/fm.yaml"
run build --format html,md --single-file --front-matter "$tmp/fm.yaml" \
	"$data/good.yaml" -o "$tmp/both"
check "--format html,md --single-file --front-matter" \
	sh -c 'test "$0" -eq 0 && test -s "$1/index.html" &&
		head -n 2 "$1/asyncapi.md" | grep -q "^title: \"CLI Test Service\"$" &&
		test ! -e "$1/channels/index.md"' "$rc" "$tmp/both"
run build --format md --md-extension mdx "$data/good.yaml" -o "$tmp/mdx"
check "--md-extension mdx" \
	sh -c 'test "$0" -eq 0 && test -s "$1/index.mdx"' "$rc" "$tmp/mdx"
run build --format pdf "$data/good.yaml" -o "$tmp/pdf"
check "an unknown page format is a usage error" \
	sh -c 'test "$0" -eq 2 && grep -q "unknown format" "$1"' "$rc" "$err"

# Publishing: GitHub Pages files, site URL, one-file sites, incremental.
run build --site-url https://acme.github.io/parking/ "$data/good.yaml" \
	-o "$tmp/pub"
check "GitHub Pages files, sitemap and canonical links" \
	sh -c 'test "$0" -eq 0 && test -f "$1/.nojekyll" && test -s "$1/404.html" &&
		grep -q "<loc>https://acme.github.io/parking/channels/" "$1/sitemap.xml" &&
		grep -q "<link rel=\"canonical\" href=\"https://acme.github.io/parking/channels/" "$1"/channels/*.html' \
	"$rc" "$tmp/pub"
run build --self-contained "$data/good.yaml" -o "$tmp/one"
check "--self-contained writes one page with its CSS and script inside" \
	sh -c 'test "$0" -eq 0 &&
		test "$(find "$1" -type f ! -name .asyncdoc-site | wc -l)" -eq 1 &&
		grep -q "^<style>" "$1/index.html" &&
		grep -q "window.ASYNCDOC_INDEX" "$1/index.html" &&
		! grep -q "assets/" "$1/index.html"' "$rc" "$tmp/one"
run build --stats --site-url https://acme.github.io/parking/ \
	"$data/good.yaml" -o "$tmp/pub"
check "an unchanged rebuild rewrites no file (--stats)" \
	sh -c 'test "$0" -eq 0 && grep -q " 0 files written, [1-9][0-9]* unchanged, 0 removed" "$1"' \
	"$rc" "$err"

# Several specs: a portal.
ex=$srcdir/examples
run build "$ex/parking-v3/asyncapi.yaml" "$ex/parking-v2/asyncapi.yaml" \
	-o "$tmp/portal"
check "several specs build a portal: a landing page and a folder each" \
	sh -c 'test "$0" -eq 0 && grep -q "<h1>APIs</h1>" "$1/index.html" &&
		test -s "$1/parkwise-parking-events/index.html" &&
		test -s "$1/parkwise-parking-events-2.3.0/index.html" &&
		ls "$1"/assets/style.*.css >/dev/null' "$rc" "$tmp/portal"
check "the portal's APIs link to each other and share one search index" \
	sh -c 'grep -q "In other APIs" "$1"/parkwise-parking-events/messages/sessionstarted.html &&
		grep -q "parkwise-parking-events-2.3.0/" "$1/search-index.js" &&
		test ! -e "$1/parkwise-parking-events/search-index.js" &&
		grep -q "data-root=\"\.\./\"" "$1/parkwise-parking-events/index.html"' \
	"$rc" "$tmp/portal"
run build "$ex/parking-v3/asyncapi.yaml" "$data/schema-invalid.yaml" \
	-o "$tmp/portal2"
check "a spec that fails is reported and the others are built" \
	sh -c 'test "$0" -eq 1 && grep -q "1 of 2 specs failed; the others were built" "$1" &&
		test -s "$2/parkwise-parking-events/index.html" &&
		grep -q "did not build" "$2/index.html"' "$rc" "$err" "$tmp/portal2"
run build --strict "$ex/parking-v3/asyncapi.yaml" "$data/schema-invalid.yaml" \
	-o "$tmp/portal3"
check "--strict: one failed spec, nothing written" \
	sh -c 'test "$0" -eq 1 && test ! -e "$1"' "$rc" "$tmp/portal3"

# Every theme and shared asset file is installed and in the release tarball.
missing=
for f in $(cd "$srcdir" && find themes assets -type f | sort); do
	grep -qF "$f" "$srcdir/Makefile.am" || missing="$missing $f"
done
check "every theme and shared asset file is listed in Makefile.am" test -z "$missing"
test -z "$missing" || echo "# not listed:$missing"

test "$n" -eq "$planned" || echo "Bail out! planned $planned tests, ran $n"
exit 0
