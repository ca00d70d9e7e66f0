#!/bin/sh
# Command-line tests of `asyncdoc diff`: formats (markdown and github as
# golden files: GOLDEN_UPDATE=1 rewrites them), --fail-on, --rules, an
# invalid side, a 2.6 document against its 3.0 migration, and REV:path
# sides read from a temporary git repository. TAP for tap-driver.sh; make
# check sets ASYNCDOC_BIN and top_srcdir.

bin=${ASYNCDOC_BIN:-./asyncdoc}
srcdir=$(cd "${top_srcdir:-.}" && pwd)
data=$(cd "$srcdir/tests/data/diff" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/asyncdoc-diff.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
out=$tmp/stdout
err=$tmp/stderr

n=0
echo "1..29"

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	echo "not ok $n - $1"
	sed 's/^/# stdout: /' "$out" 2>/dev/null | head -n 20
	sed 's/^/# stderr: /' "$err" 2>/dev/null | head -n 20
}

check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

run() {
	"$bin" "$@" >"$out" 2>"$err"
	rc=$?
}

# golden NAME: stdout against golden/NAME (or rewrites it).
golden() {
	if [ -n "$GOLDEN_UPDATE" ]; then
		cp "$out" "$data/golden/$1"
		ok "golden $1 (updated)"
	elif cmp -s "$out" "$data/golden/$1"; then
		ok "golden $1"
	else
		n=$((n + 1))
		echo "not ok $n - golden $1"
		diff -u "$data/golden/$1" "$out" | sed 's/^/# /' | head -n 40
	fi
}

# --- formats, from the golden pair's folder (stable relative names)
cd "$data/golden" || exit 99
run diff old.yaml new.yaml
check "text: exit 0 without --fail-on" [ "$rc" -eq 0 ]
check "text: file:line on both sides and the class" \
	grep -q '^schemas.yaml:10 -> schemas2.yaml:9: breaking: .*\[schema-enum-value-added\]$' "$out"
check "text: the summary" grep -q '^7 changes: 4 breaking, 0 unclassified, 3 non-breaking$' "$out"
run diff --format markdown old.yaml new.yaml
golden diff.md
run diff --format github old.yaml new.yaml
golden diff.github
run diff --format json old.yaml new.yaml
check "json: kinds, classes and positions" \
	grep -q '"kind":[[:space:]]*"channel-removed"' "$out"
run diff --format sarif old.yaml new.yaml
check "sarif: a 2.1.0 log" grep -q '"version":[[:space:]]*"2.1.0"' "$out"
run diff --fail-on breaking old.yaml new.yaml
check "--fail-on breaking: exit 1" [ "$rc" -eq 1 ]
run diff --fail-on any old.yaml old.yaml
check "--fail-on any, no change: exit 0" [ "$rc" -eq 0 ]
printf 'channel-removed: non-breaking\noperation-removed: non-breaking\nschema-format-removed: unclassified\nschema-enum-value-added: non-breaking\n' >"$tmp/rules.yaml"
run diff --rules "$tmp/rules.yaml" --fail-on breaking old.yaml new.yaml
check "--rules: overrides make it pass" [ "$rc" -eq 0 ]
printf 'no-such-kind: breaking\n' >"$tmp/bad.yaml"
run diff --rules "$tmp/bad.yaml" old.yaml new.yaml
check "--rules: unknown kind is a usage error" [ "$rc" -eq 2 ]
run diff --list-kinds
check "--list-kinds: 40 kinds or more" [ "$(wc -l <"$out")" -ge 40 ]
missing=
for k in $(cut -f1 "$out"); do
	grep -qxF ".B $(printf '%s' "$k" | sed 's/-/\\-/g')" "$srcdir/asyncdoc.1" ||
		missing="$missing $k"
done
check "the man page documents every kind${missing:+ (missing:$missing)}" [ -z "$missing" ]

# --- build --compare-to: the Changes page, its link, the badges
run build new.yaml --compare-to old.yaml -o "$tmp/site" --format html,md
check "build --compare-to: built" [ "$rc" -eq 0 ]
check "build --compare-to: the index links to the Changes page" \
	grep -q '<a href="changes.html">Changes</a> since <code>old.yaml</code>: 4 breaking' "$tmp/site/index.html"
check "build --compare-to: a changed item's page has a badge" \
	grep -q '<a class="badge change-breaking" href="../changes.html">breaking</a>' "$tmp/site/messages/created.html"
cp "$tmp/site/changes.md" "$out"
golden changes.md
run build new.yaml --compare-to old.yaml -o "$tmp/portal" new.yaml old.yaml
check "build --compare-to with a portal: usage error" [ "$rc" -eq 2 ]

# --- bad input
printf 'asyncapi: 3.0.0\ninfo: 12\n' >"$tmp/invalid.yaml"
run diff old.yaml "$tmp/invalid.yaml"
check "an invalid side: exit 2 with its diagnostics" \
	sh -c "[ $rc -eq 2 ] && grep -q 'invalid; nothing compared' '$err' && grep -q 'invalid.yaml' '$err'"
run diff old.yaml
check "one operand: usage error" [ "$rc" -eq 2 ]
run diff "$data/v2/old.yaml" new.yaml
check "unrelated documents: compared" [ "$rc" -eq 0 ]

# --- a 2.6 document and its 3.0 migration
run diff --fail-on breaking "$data/migration/v2.yaml" "$data/migration/v3.yaml"
check "2.6 vs its 3.0 migration: nothing breaking" [ "$rc" -eq 0 ]
# The parking examples differ in meaning: v3 renamed two channels
# (.v2, .v1), dropped onGateAck, gave sendGateCommand an OAuth scope, and
# reads the v2 operations from the client's side (v2 subscribe = the
# application sends, v3 says receive). Those, and only those, break.
run diff "$srcdir/examples/parking-v2/asyncapi.yaml" \
	"$srcdir/examples/parking-v3/asyncapi.yaml"
sed -n 's/.*: breaking: .*\[\(.*\)\]$/\1/p' "$out" | sort -u >"$tmp/kinds"
printf '%s\n' channel-removed operation-action-changed \
	operation-channel-changed operation-removed security-requirement-added \
	security-scope-added >"$tmp/want"
check "the parking examples: only the explained breaking kinds" \
	cmp -s "$tmp/kinds" "$tmp/want"

# --- REV:path from a temporary git repository
if ! command -v git >/dev/null 2>&1; then
	for d in "REV:path: the referenced file of each revision" \
		"REV:path: never the working tree" "REV:path: a bad revision" \
		"REV:path: the working tree against HEAD" \
		"build --compare-to REV:path" "REV:path: no option reaches git"; do
		n=$((n + 1))
		echo "ok $n - $d # SKIP git not installed"
	done
	exit 0
fi
repo=$tmp/repo
mkdir -p "$repo/api/schemas"
cp old.yaml "$repo/api/spec.yaml"
sed 's/schemas.yaml/schemas\/order.yaml/' old.yaml >"$repo/api/spec.yaml"
cp schemas.yaml "$repo/api/schemas/order.yaml"
(
	cd "$repo" && git init -q . && git config user.email t@example.com &&
		git config user.name t && git add -A &&
		git commit -qm one && cp "$data/golden/schemas2.yaml" api/schemas/order.yaml &&
		git commit -qam two
) >/dev/null 2>&1 || exit 99
cd "$repo/api" || exit 99
run diff HEAD~1:spec.yaml HEAD:spec.yaml
check "REV:path: the referenced file of each revision" \
	grep -q 'HEAD~1:schemas/order.yaml:10 -> HEAD:schemas/order.yaml:9: breaking: .*schema-enum-value-added' "$out"
rm -f schemas/order.yaml
run diff HEAD~1:spec.yaml HEAD:spec.yaml
check "REV:path: never the working tree" grep -q 'schema-enum-value-added' "$out"
run diff no-such-rev:spec.yaml HEAD:spec.yaml
check "REV:path: a bad revision" [ "$rc" -eq 2 ]
git checkout -q -- schemas/order.yaml
run diff HEAD:spec.yaml spec.yaml
check "REV:path: the working tree against HEAD" grep -q '^0 changes' "$out"
run diff -- --output=x:spec.yaml spec.yaml
check "REV:path: no option reaches git" \
	sh -c "[ $rc -eq 2 ] && [ ! -e x ] && grep -q 'cannot read' '$err'"
run build spec.yaml --compare-to HEAD~1:spec.yaml -o "$tmp/revsite"
check "build --compare-to REV:path" \
	grep -q 'schema-enum-value-added' "$tmp/revsite/changes.html"
