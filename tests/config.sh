#!/bin/sh
# The configuration file (TAP): asyncdoc init writes one for the specs it
# finds; build and validate with no SPEC use it; flags win over it; an
# invalid one is reported at file:line:col with a "did you mean" and exit
# status 2; paths in it are relative to its folder.
#
#   ASYNCDOC_BIN  the asyncdoc to test (default ./asyncdoc)
#   top_srcdir    the source tree (default: this script's parent folder)
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
bin=${ASYNCDOC_BIN:-./asyncdoc}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/asyncdoc-config-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
p=$tmp/proj
why=$tmp/why
. "$top_srcdir/tests/tapcount.sh"
# (for wait_url; its run and has are replaced below)
. "$top_srcdir/tests/tap.sh"
echo "1..14"
# run WANT_RC ARG...: asyncdoc ARG... in $p; its output in $tmp/out.
run() {
	want=$1
	shift
	(cd "$p" && "$bin" "$@") >"$tmp/out" 2>&1
	rc=$?
	[ "$rc" = "$want" ] && return 0
	{ echo "asyncdoc $*: exit $rc, want $want"; cat "$tmp/out"; } >>"$tmp/why"
	return 1
}
# has TEXT: the last run printed TEXT (a fixed string).
has() {
	grep -qF -- "$1" "$tmp/out" && return 0
	echo "no '$1' in the output" >>"$tmp/why"
	return 1
}
cfg() { cat >"$p/asyncdoc.yaml"; }

mkdir -p "$p/api"
cp -r "$top_srcdir/examples/parking-v3" "$p/api/"
cp "$top_srcdir/examples/parking-v2/asyncapi.yaml" "$p/api/v2.yaml"

run 0 init && has "wrote asyncdoc.yaml with 2 specs" &&
	grep -q '^  - "api/parking-v3/asyncapi.yaml"$' "$p/asyncdoc.yaml" &&
	grep -q '^  - "api/v2.yaml"$' "$p/asyncdoc.yaml" &&
	! grep -q messages/ "$p/asyncdoc.yaml"
t $? "init lists the specs it finds, not the files they reference"

run 2 init && has "--force replaces it" && run 0 init --force
t $? "init keeps an existing file unless --force"

run 0 build && has "site/index.html" &&
	[ "$(find "$p/site" -name index.html | wc -l)" -ge 3 ]
t $? "build with no argument builds the portal of the init's file"

run 0 validate && has "api/v2.yaml: valid" && has "api/parking-v3/asyncapi.yaml: valid"
t $? "validate with no argument checks its specs"

cfg <<'YAML'
specs: api/parking-v3/asyncapi.yaml
output: out
theme: compact
params:
  footerText: from the config
YAML
run 0 build && grep -q "from the config" "$p/out/index.html" &&
	run 0 build -p footerText=from-the-flag -o out2 &&
	grep -q "from-the-flag" "$p/out2/index.html" &&
	! grep -q "from the config" "$p/out2/index.html"
t $? "theme and params from the file; -p and -o win over it"

cp "$top_srcdir/tests/data/cli/warnings-only.yaml" "$p/"
cfg <<'YAML'
specs: warnings-only.yaml
output: out-w
fail-on: warning
YAML
run 1 build && run 0 build --fail-on error
t $? "fail-on from the file; --fail-on wins"

cfg <<'YAML'
specs: api/parking-v3/asyncapi.yaml
outptu: site
YAML
run 2 build && has "asyncdoc.yaml:2:1: error: unknown key 'outptu'" &&
	has "did you mean 'output'?" && has "[config-unknown-key]"
t $? "an unknown key: its position and a did-you-mean hint, exit 2"

cfg <<'YAML'
specs: api/parking-v3/asyncapi.yaml
single-page: "true"
params: [a]
YAML
run 2 build -o x && has "asyncdoc.yaml:2:14: error: 'single-page' must be true or false, not a string [config-type]" &&
	has "asyncdoc.yaml:3:9: error: 'params' must be a mapping"
t $? "wrong types: every one at its file:line:col, exit 2"

mkdir -p "$p/conf"
cat >"$p/conf/docs.yaml" <<'YAML'
specs: [../api/v2.yaml]
output: ../conf-site
YAML
rm -f "$p/asyncdoc.yaml"
run 0 build --config conf/docs.yaml && [ -f "$p/conf-site/index.html" ]
t $? "--config FILE: its paths are relative to its folder"

run 2 build --config nowhere.yaml && has "nowhere.yaml"
t $? "--config with a missing file: exit 2"

run 2 build && has "missing SPEC"
t $? "no SPEC and no file: a usage error"

# Remote refs: offline from the file (the cache is this test's own).
cat >"$p/remote.yaml" <<'YAML'
asyncapi: 3.0.0
info: {title: T, version: '1'}
channels:
  a:
    address: a
    messages:
      m:
        $ref: 'https://example.invalid/m.yaml'
YAML
printf 'specs: remote.yaml\noffline: true\n' >"$p/offline.yaml"
XDG_CACHE_HOME=$tmp/cache run 1 validate --config offline.yaml &&
	has "[ref-remote-offline]"
t $? "offline from the file: remote refs come from the cache only"

# serve watches asyncdoc.yaml with the spec: a change applies its settings
# (here site-url, which adds canonical links); one with errors is
# reported and the pages stay as they were.
# get: the index page into $tmp/page (curl's status in $?).
get() { curl -s -o "$tmp/page" "$url"; }
# until_page TEXT: waits up to 20 s for the index page to hold TEXT.
until_page() {
	i=0
	while [ $i -lt 200 ]; do
		get && grep -qF -- "$1" "$tmp/page" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "the page never showed '$1'" >>"$tmp/why"
	return 1
}
if ! command -v curl >/dev/null 2>&1; then
	n=$((n + 2))
	echo "ok $((n - 1)) - serve: asyncdoc.yaml changed # SKIP no curl"
	echo "ok $n - serve: asyncdoc.yaml broken # SKIP no curl"
else
	printf 'specs: api/parking-v3/asyncapi.yaml\n' >"$p/asyncdoc.yaml"
	(cd "$p" && exec "$bin" serve --port 0) >"$tmp/url" 2>"$tmp/serve.err" &
	spid=$!
	wait_url "$tmp/url"
	site=https://docs.example.org/parking/
	ok=1
	if [ -z "$url" ] || ! until_page "</html>" ||
		grep -qF "$site" "$tmp/page"; then
		echo "serve did not start, or the page already had $site" \
			>>"$tmp/why"
	else
		# saved as editors do: a new file renamed over the old one
		printf 'specs: api/parking-v3/asyncapi.yaml\nsite-url: %s\n' \
			"$site" >"$p/asyncdoc.yaml.new"
		mv "$p/asyncdoc.yaml.new" "$p/asyncdoc.yaml"
		until_page "$site" && ok=0
	fi
	[ $ok = 0 ] || cat "$tmp/serve.err" >>"$tmp/why"
	t $ok "serve: a change to asyncdoc.yaml applies (site-url)"
	ok=1
	if [ -n "$url" ]; then
		printf 'specs: api/parking-v3/asyncapi.yaml\nsite-urll: x\n' \
			>"$p/asyncdoc.yaml"
		i=0
		while [ $i -lt 200 ] &&
			! grep -q "configuration has errors" "$tmp/serve.err"; do
			sleep 0.1
			i=$((i + 1))
		done
		grep -qF "asyncdoc.yaml:2:1: error" "$tmp/serve.err" &&
			grep -q "did you mean 'site-url'" "$tmp/serve.err" &&
			get && grep -qF "$site" "$tmp/page" &&
			kill -0 "$spid" 2>/dev/null && ok=0
	fi
	[ $ok = 0 ] || cat "$tmp/serve.err" >>"$tmp/why"
	t $ok "serve: an asyncdoc.yaml with errors is reported, the pages stay"
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
fi

tap_end
