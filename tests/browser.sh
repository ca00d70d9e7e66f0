#!/bin/sh
# Browser tests (TAP): builds the example sites, a site of schema trees
# with "see above" links (tests/data/anchors) and the hostile sites with
# the built asyncdoc, then runs tests/browser/run.mjs on them in
# headless Chromium. Skipped (1..0 # SKIP) only when Chromium, node or the
# npm packages playwright-core and axe-core are missing.
#
#   ASYNCDOC_BIN  the asyncdoc to test (default ./asyncdoc)
#   CHROMIUM      the browser (default: chromium on PATH, /usr/bin/chromium)
#   top_srcdir    the source tree (default: this script's parent folder)
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
bin=${ASYNCDOC_BIN:-./asyncdoc}

# shellcheck source=tests/browser/env.sh
. "$top_srcdir/tests/browser/env.sh"
for pkg in playwright-core axe-core; do
	[ -f "$top_srcdir/node_modules/$pkg/package.json" ] ||
		skip "no $top_srcdir/node_modules/$pkg: run npm ci"
done
[ -x "$bin" ] || {
	echo "Bail out! no asyncdoc binary at $bin"
	exit 1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/asyncdoc-browser-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# build NAME SPEC [OPTION]...: the site of SPEC into $tmp/NAME.
build() {
	name=$1 spec=$2
	shift 2
	if ! "$bin" build "$top_srcdir/$spec" -o "$tmp/$name" "$@" \
		>"$tmp/$name.log" 2>&1; then
		echo "Bail out! asyncdoc build $spec failed"
		sed 's/^/# /' "$tmp/$name.log"
		exit 1
	fi
}

build v3 examples/parking-v3/asyncapi.yaml
build v2 examples/parking-v2/asyncapi.yaml
build v3-single examples/parking-v3/asyncapi.yaml --single-page
# Schema trees with "see above" links, several on a page (a message's
# headers, payload and bindings).
build anchors tests/data/anchors/shared-v3.yaml
build hostile-v3 tests/data/browser/hostile.yaml
# Its channel path is no URI template: text the validator rejects.
build hostile-v2 tests/data/browser/hostile-v2.yaml --no-validate

# The harness page and app.js as the shared assets ship it. The examples'
# logo (x-logo) is a file beside each spec, copied into the site: no page
# may load anything remote.
cp -R "$top_srcdir/tests/browser/fixture" "$tmp/harness" &&
	mkdir -p "$tmp/harness/assets" &&
	cp "$top_srcdir/assets/app.js" "$tmp/harness/assets/" ||
	exit 1

node "$top_srcdir/tests/browser/run.mjs" --chromium "$browser" \
	--site "$tmp/v3" --query batteryPercent --expect bayOccupancyChanged \
	--site "$tmp/v2" --query batteryPercent --expect bayOccupancyChanged \
	--site "$tmp/v3-single" --query batteryPercent \
	--expect bayOccupancyChanged \
	--site "$tmp/anchors" --query placed --expect orderPlaced \
	--hostile "$tmp/hostile-v3" --hostile "$tmp/hostile-v2" \
	--harness "$tmp/harness"
