#!/bin/sh
# Ref shapes (TAP): documents of 20,000 refs in each shape of
# bench/refshapes.sh validate with exit 0 or 1 (never a crash, never the
# quadratic blow-up: each run is capped at 1 GB of address space and 120 s
# of CPU, far above what a linear load needs), they build a site under the
# same memory cap and 60 s of CPU (a linear build takes 2 to 6 s, most of
# it writing 20,000 to 40,000 pages; the renderer that expanded a schema
# once per path took minutes for allOf and oneOf), so does the doubling shape at 40 levels (2^40 paths;
# its pages under 8 MB), and the ref-step
# budget stops a load with a clear error. Speed is measured by `make
# bench`.
#
#   ASYNCDOC_BIN  the asyncdoc to test (default ./asyncdoc)
#   top_srcdir    the source tree (default: this script's parent folder)
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
bin=${ASYNCDOC_BIN:-./asyncdoc}
gen="$top_srcdir/bench/refshapes.sh"

[ -x "$bin" ] || {
	echo "Bail out! no asyncdoc binary at $bin"
	exit 1
}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/asyncdoc-refshapes-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# AddressSanitizer reserves terabytes of address space for its shadow, so
# an ASan build cannot run under ulimit -v: it gets the sanitizer's own
# limit on resident memory instead (2 GB: ASan roughly doubles the need).
vlimit=1048576
# CPU time counts the kernel's too: writing 40,000 pages on a busy disk
# took a linear build from 5 s to over 20 s once; the old renderer took
# 215 s for allof.
tlimit=60
if grep -q __asan_init "$bin" 2>/dev/null; then
	vlimit=unlimited
	tlimit=180 # ASan runs about three times slower
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=2048"
	export ASAN_OPTIONS
fi

shapes="chain pointer fanin fanout allof oneof"
echo "1..15"
t=0
for s in $shapes; do
	t=$((t + 1))
	if ! sh "$gen" "$s" 20000 >"$tmp/$s.yaml"; then
		echo "not ok $t - $s 20000: generator failed"
		continue
	fi
	# one limit per ulimit call: dash refuses two ("too many arguments")
	# and then runs the command with no limit at all
	(ulimit -v "$vlimit" && ulimit -t 120 &&
		exec "$bin" validate "$tmp/$s.yaml") >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; then
		echo "ok $t - $s 20000 validates (exit $rc)"
	else
		echo "not ok $t - $s 20000 exit $rc"
		sed 's/^/# /' "$tmp/out" | head -n 5
	fi
done

# Builds: each site is removed after its check (a page per component
# schema: tens of MB each).
sh "$gen" doubling 40 >"$tmp/doubling.yaml"
for s in $shapes doubling; do
	t=$((t + 1))
	(ulimit -v "$vlimit" && ulimit -t "$tlimit" &&
		exec "$bin" build --no-sync -o "$tmp/site" "$tmp/$s.yaml") \
		>"$tmp/out" 2>&1
	rc=$?
	# doubling: each level once per tree, linked after, makes 2.3 MB of
	# pages; a level expanded per path made 33 MB
	bytes=0
	[ "$s" != doubling ] || [ ! -d "$tmp/site" ] ||
		bytes=$(find "$tmp/site" -name '*.html' -exec cat {} + | wc -c)
	if [ "$rc" -eq 0 ] && [ -f "$tmp/site/messages/m.html" ] &&
		[ "$bytes" -lt 8000000 ]; then
		echo "ok $t - $s builds under the CPU and memory caps"
	elif [ "$rc" -eq 0 ]; then
		echo "not ok $t - $s build wrote $bytes bytes of pages"
	else
		echo "not ok $t - $s build: exit $rc"
		sed 's/^/# /' "$tmp/out" | head -n 5
	fi
	rm -rf "$tmp/site"
done

t=$((t + 1))
"$bin" validate --max-ref-steps 1000 "$tmp/chain.yaml" >"$tmp/out" 2>&1
rc=$?
if [ "$rc" -eq 1 ] &&
	grep -q 'following \$refs took more than 1000 steps.*\[limit-ref-steps\]' "$tmp/out"; then
	echo "ok $t - the ref-step budget is a clear error (exit 1)"
else
	echo "not ok $t - ref-step budget: exit $rc"
	sed 's/^/# /' "$tmp/out" | head -n 5
fi

t=$((t + 1))
sh "$gen" chain 1000 >"$tmp/small.yaml"
"$bin" validate "$tmp/small.yaml" >"$tmp/out" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && ! grep -q 'limit-ref-steps' "$tmp/out"; then
	echo "ok $t - the default budget leaves a 1000-ref chain alone"
else
	echo "not ok $t - 1000-ref chain: exit $rc"
	sed 's/^/# /' "$tmp/out" | head -n 5
fi
