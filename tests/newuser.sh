#!/bin/sh
# What a new user trips on (issue 15): exit codes and messages of the
# command line, the man page against --list-rules, syntax errors where the
# fix goes, serve on a missing or broken spec, folders of specs. TAP for
# automake's tap-driver.sh; make check sets ASYNCDOC_BIN and top_srcdir.

bin=${ASYNCDOC_BIN:-./asyncdoc}
srcdir=${top_srcdir:-.}
data=$srcdir/tests/data/newuser
ex=$srcdir/examples
tmp=$(mktemp -d "${TMPDIR:-/tmp}/asyncdoc-newuser.XXXXXX") || exit 99
pid=
trap 'test -n "$pid" && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
out=$tmp/stdout
err=$tmp/stderr

n=0
planned=41
echo "1..$planned"

. "$srcdir/tests/tap.sh"

# rc_has CODE PATTERN FILE: exit status CODE and PATTERN in FILE.
rc_has() { test "$rc" -eq "$1" && grep -q -e "$2" "$3"; }

# --- Command line and messages ---

run validate "$ex/parking-v3/schemas"
check "validate a folder without specs: io-error, exit 2" \
	rc_has 2 '\[io-error\]' "$err"
run validate /dev/null
check "validate /dev/null: io-error, exit 2" rc_has 2 '\[io-error\]' "$err"
run validate "$tmp/nope.yaml"
check "validate a missing file: io-error, exit 2" \
	rc_has 2 '\[io-error\]' "$err"
run build /dev/null -o "$tmp/site-null"
check "build /dev/null: io-error, exit 2" rc_has 2 '\[io-error\]' "$err"

# The man page's table of semantic rules says what --list-rules says.
run validate --list-rules
cut -f1,2 "$out" >"$tmp/rules-cli"
awk '/^The semantic rules/ { on = 1; next }
	on && /^\.SH/ { exit }
	on && /^\.B / { sub(/^\.B /, ""); gsub(/\\-/, "-"); id = $0; next }
	on && id != "" { sub(/:.*/, ""); print id "\t" $0; id = "" }' \
	"$srcdir/asyncdoc.1" >"$tmp/rules-man"
check "the man page's rule table agrees with --list-rules" \
	sh -c 'test -s "$0" && cmp -s "$0" "$1" ||
		{ diff "$0" "$1" | sed "s/^/# /"; false; }' \
	"$tmp/rules-cli" "$tmp/rules-man"

for opt in --single-file "--front-matter $data/minimum.yaml" \
	"--md-extension mdx"; do
	# shellcheck disable=SC2086
	run build "$ex/parking-v2/asyncapi.yaml" -o "$tmp/site-md" $opt
	check "build ${opt%% *} without Markdown pages: error, exit 2" \
		sh -c 'test "$0" -eq 2 && grep -q "is for Markdown pages" "$1" &&
			test ! -e "$2"' "$rc" "$err" "$tmp/site-md"
done
run build "$ex/parking-v2/asyncapi.yaml" -o "$tmp/site-md" --format md \
	--single-file
check "build --single-file with --format md works" \
	sh -c 'test "$0" -eq 0 && test -s "$1/asyncapi.md"' "$rc" "$tmp/site-md"

run build "$ex/parking-v2/asyncapi.yaml" -o "$tmp/site-d" \
	--diagnostics json -v
check "build --diagnostics json: a JSON document on stdout, no warning" \
	sh -c 'test "$0" -eq 0 && grep -q "^{\"version\":1" "$1" &&
		! grep -q deprecated "$2"' "$rc" "$out" "$err"
run build "$ex/parking-v2/asyncapi.yaml" -o "$tmp/site-d" --format json
check "build --format json still works, with a deprecation warning" \
	sh -c 'test "$0" -eq 0 && grep -q "^{\"version\":1" "$1" &&
		grep -q "deprecated.*--diagnostics json" "$2"' "$rc" "$out" "$err"
run build --help
check "build --help lists --format once and --diagnostics" \
	sh -c 'test "$(grep -c -e "--format" "$0")" -eq 1 &&
		grep -q -e "--diagnostics FORMAT" "$0"' "$out"
run validate --diagnostics json "$ex/parking-v2/asyncapi.yaml"
check "validate --diagnostics json" rc_has 0 '^{"version":1' "$out"

run validate "$data/unclosed-quote.yaml"
check "an unclosed quote is reported where it opens (3:10)" \
	rc_has 1 'unclosed-quote.yaml:3:10: error: the quoted string that opens here runs to line 8' "$err"
run validate "$data/unclosed-quote-eof.yaml"
check "a quote open at the end of the file: where it opens (3:10)" \
	rc_has 1 'unclosed-quote-eof.yaml:3:10: error: the quoted string that opens here is never closed' "$err"
run validate "$data/trailing-comma.json"
check "JSON trailing comma: said so, at the comma (3:40)" \
	rc_has 1 "trailing-comma.json:3:40: error: invalid JSON: a comma before '}'" "$err"
run validate "$data/missing-comma.json"
check "JSON missing comma: expected ',' or '}', where it goes (2:22)" \
	rc_has 1 "missing-comma.json:2:22: error: invalid JSON: expected ',' or '}' after a member" "$err"

run validate "$data/minimum.yaml"
check "numbers as written: 'at least 10', 'at most 0.25'" \
	sh -c 'grep -q "must be at least 10, got 3" "$0" &&
		grep -q "must be at most 0.25, got 0.5" "$0"' "$err"

run serve "$tmp/nope.yaml" --port 0
check "serve a missing spec: io-error, exit 2, no server" \
	sh -c 'test "$0" -eq 2 && grep -q "\[io-error\]" "$1" &&
		! grep -q "serving" "$1" && ! grep -q "pages show" "$1"' \
	"$rc" "$err"

# A spec broken from the start: every page is the diagnostics.
serve_check "serve a broken spec: the page shows the diagnostics" \
	'test "$0" = 200 && grep -q "does not build" "$1" &&
		grep -q "trailing-comma.json:3:40" "$1"' "$data/trailing-comma.json"

# One error prefix for every command.
bad=
for cmd in "build" "validate" "serve" "themes x" "x"; do
	# shellcheck disable=SC2086
	"$bin" $cmd --no-such-option >"$out" 2>"$err"
	head -n 1 "$err" | grep -q '^asyncdoc: error: ' || bad="$bad [$cmd]"
done
check "usage errors start with 'asyncdoc: error:' for every command" \
	test -z "$bad"
test -z "$bad" || echo "# other prefix:$bad"
# --- Folders and portals ---

run validate "$ex"
check "validate a folder: its AsyncAPI documents, sorted, not the \$ref targets" \
	sh -c 'test "$0" -eq 0 &&
		test "$(grep -c ": valid" "$1")" -eq 2 &&
		head -n 1 "$1" | grep -q "parking-v2/asyncapi.yaml: valid" &&
		sed -n 2p "$1" | grep -q "parking-v3/asyncapi.yaml: valid" &&
		! grep -q "messages/\|schemas/" "$1" "$2"' "$rc" "$out" "$err"
run build "$ex/" -o "$tmp/portal"
check "build a folder: a portal of its APIs" \
	sh -c 'test "$0" -eq 0 && test -s "$1/index.html" &&
		test "$(ls "$1" | grep -c parkwise)" -eq 2' "$rc" "$tmp/portal"
check "two APIs with one title: the second folder has its version" \
	test -s "$tmp/portal/parkwise-parking-events-3.0.0/index.html"
check "the portal's footer counts its documents" \
	has 'from 2 AsyncAPI documents\.' "$tmp/portal/index.html"
check "an API's footer names its AsyncAPI version" \
	has 'from an AsyncAPI 3\.0\.0 document\.' \
	"$tmp/portal/parkwise-parking-events-3.0.0/index.html"

# --- Pages ---

run build "$ex/parking-v3/asyncapi.yaml" -o "$tmp/v3"
run build "$ex/parking-v2/asyncapi.yaml" -o "$tmp/v2"
check "the sidebar breaks after / and between camelCase words only" \
	sh -c 'grep -q ">parking/<wbr>{lot<wbr>Id}/<wbr>bays/<wbr>{bay<wbr>Id}/<wbr>occupancy<" "$1" &&
		grep -q ">on<wbr>Bay<wbr>Occupancy<wbr>Changed<" "$0" &&
		! grep -q "[a-z]<wbr>[a-z]" "$0" "$1"' \
	"$tmp/v3/index.html" "$tmp/v2/index.html"

# A medium document (30 channels, 30 operations, 15 messages, 90 schemas):
# every sidebar lists every item.
{
	printf 'asyncapi: 3.0.0\ninfo:\n  title: Medium\n  version: 1.0.0\n'
	printf '  description: Many items.\nchannels:\n'
	i=1
	while [ $i -le 30 ]; do
		printf '  c%d:\n    address: c/%d\n    messages:\n' $i $i
		printf '      m:\n        $ref: "#/components/messages/m%d"\n' \
			$(((i - 1) % 15 + 1))
		i=$((i + 1))
	done
	printf 'operations:\n'
	i=1
	while [ $i -le 30 ]; do
		printf '  o%d:\n    action: send\n    summary: Op %d.\n' $i $i
		printf '    channel:\n      $ref: "#/channels/c%d"\n' $i
		i=$((i + 1))
	done
	printf 'components:\n  messages:\n'
	i=1
	while [ $i -le 15 ]; do
		printf '    m%d:\n      summary: M %d.\n' $i $i
		printf '      payload:\n        $ref: "#/components/schemas/s%d"\n' $i
		i=$((i + 1))
	done
	printf '  schemas:\n'
	i=1
	while [ $i -le 90 ]; do
		printf '    s%d:\n      type: string\n' $i
		i=$((i + 1))
	done
} >"$tmp/medium.yaml"
run build "$tmp/medium.yaml" -o "$tmp/medium" --no-validate
check "a 165-item document: a message page's sidebar lists all 30 channels and 90 schemas" \
	sh -c 'test "$0" -eq 0 && f=$(ls "$1"/messages/*.html | head -n 1) &&
		test "$(grep -c "<li><a href=\"\.\./channels/" "$f")" -ge 30 &&
		test "$(grep -c "<li><a href=\"\.\./schemas/" "$f")" -eq 90 &&
		! grep -q "more)" "$f"' "$rc" "$tmp/medium"

run validate -v "$ex"
check "the bundled examples validate with no warning and no info" \
	sh -c 'test "$0" -eq 0 && test "$(grep -c ": valid (.* messages)$" "$1")" -eq 2 &&
		! grep -q ": warning: \|: info: " "$2"' "$rc" "$out" "$err"
check "a local x-logo is copied into the site and linked there" \
	sh -c 'grep -q "<img class=\"logo\" src=\"assets/x-logo-logo.svg\"" "$0/index.html" &&
		cmp -s "$0/assets/x-logo-logo.svg" "$1"' \
	"$tmp/v3" "$ex/parking-v3/logo.svg"
check "a portal's logos go to its shared assets/, one per API" \
	sh -c 'grep -q "src=\"\.\./assets/parkwise-parking-events-3.0.0-x-logo-logo.svg\"" "$0/parkwise-parking-events-3.0.0/index.html" &&
		test -s "$0/assets/parkwise-parking-events-x-logo-logo.svg"' \
	"$tmp/portal"
printf 'asyncapi: 3.0.0\ninfo:\n  title: L\n  version: 1.0.0\n  description: x\n  x-logo: ../../../etc/passwd\n' >"$tmp/outside.yaml"
run build "$tmp/outside.yaml" -o "$tmp/outside"
check "an x-logo outside the spec's folder is not copied (a warning)" \
	sh -c 'test "$0" -eq 0 && grep -q "\[logo-missing\]" "$1" &&
		! ls "$2/assets" | grep -q x-logo' "$rc" "$err" "$tmp/outside"

# Markdown: what the HTML pages say, in Markdown's form.
run build "$ex/parking-v3/asyncapi.yaml" -o "$tmp/md" --format md
check "Markdown: a server variable's description is in its row" \
	has '^| port | 8883 | 8883, 1883 |  | 8883 for TLS client certificates, 1883 only on site\. |$' \
	"$tmp/md/index.md"
check "Markdown: allowed values and examples are apart" \
	has '^| region | eu-west | eu-west, us-east | eu-west | Region of the car park\. |$' \
	"$tmp/md/index.md"
check "Markdown: patterns and enum values are code spans" \
	sh -c 'grep -q "pattern: \`^ses-\[0-9\]{6}\$\`" "$0" &&
		grep -q "enum: \`\"open\"\`, \`\"close\"\`" "$1"' \
	"$tmp/md/messages/paymentrequested.md" "$tmp/md/messages/gatecommand.md"
check "Markdown: the payload example has its label, as the headers one" \
	sh -c 'grep -q "^Headers:$" "$0" && grep -q "^Payload:$" "$0"' \
	"$tmp/md/messages/gatecommand.md"

# --- Content ---

# No servers, a payload with nothing in its schema, an enum of 91 values.
{
	printf 'asyncapi: 3.0.0\ninfo:\n  title: Content\n  version: 1.0.0\n'
	printf '  description: x\nchannels:\n  c:\n    address: c\n'
	printf '    messages:\n      m:\n        summary: M.\n'
	printf '        payload:\n          description: Anything.\n'
	printf '  d:\n    address: d\n    messages:\n      e:\n'
	printf '        summary: E.\n        payload:\n          type: string\n'
	printf '          enum:\n'
	i=1
	while [ $i -le 91 ]; do
		printf '            - code%02d\n' $i
		i=$((i + 1))
	done
} >"$tmp/content.yaml"
run build "$tmp/content.yaml" -o "$tmp/content"
check "no Servers heading on a channel page when the document has no servers" \
	sh -c 'test "$0" -eq 0 && ! grep -q ">Servers</h2>" "$1"/channels/*.html' \
	"$rc" "$tmp/content"
check "a payload with nothing in its schema: no example, said so (no null)" \
	sh -c 'grep -q "says nothing an example could be made from" "$0" &&
		! grep -q "hl-null\">null<" "$0"' "$tmp/content/messages/m.html"
check "an enum of 91 values shows every one" \
	sh -c 'grep -q "code91" "$0" && ! grep -q "more)</span>" "$0"' \
	"$tmp/content/messages/e.html"
check "a property that is a named primitive shows its type with the name as link" \
	has 'href="\.\./schemas/lotid\.html">LotId</a>: string<' \
	"$tmp/v3/messages/bayoccupancychanged.html"
run build "$tmp/content.yaml" -o "$tmp/content-md" --format md
check "Markdown: no empty Servers line, no null example, every enum value" \
	sh -c '! grep -q "^\*\*Servers:\*\* *$" "$0"/channels/*.md &&
		grep -q "says nothing an example" "$0/messages/m.md" &&
		grep -q "code91" "$0/messages/e.md"' "$tmp/content-md"

test "$n" -eq "$planned" || echo "Bail out! planned $planned tests, ran $n"
exit 0
