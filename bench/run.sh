#!/bin/sh
# bench/run.sh: the benchmark driver behind `make bench`.
#
#   bench/run.sh BUILDDIR
#
# For each case it generates a synthetic spec (bench/gen) into
# BUILDDIR/bench/out, runs `asyncdoc build SPEC -o DIR` BENCH_RUNS times
# under bench/runcmd (wall time and peak RSS of each run), times the
# libyaml floor and our in-process load with bench/bench_load, and prints
# one table. Environment:
#   BENCH_RUNS     runs per measurement (default 5)
#   BENCH_PROPS    payload properties per message (default 8)
#   BENCH_CASES    space-separated VERSION[j]:CHANNELS, "j" for JSON input
#                  (default "3:10 3:100 3:1000 3:1500 3:5000 2:1000 2:5000
#                  3j:1000")
#   BENCH_BASELINE another asyncdoc binary (e.g. a build of an older commit):
#                  each build case then runs it and ours in turn (base, ours,
#                  base, ours ...) into separate sites; the table gains its
#                  median ("base ms") and the median of the per-pair ratios
#                  ("x base"). Targets (issue 18): the 1500-channel v3 build
#                  at most 0.5x the baseline, peak RSS under 40 MiB
#   BENCH_OUT      where specs and sites go (default BUILDDIR/bench/out)
#   BENCH_VERBOSE  1 to print progress on stderr
#   BENCH_BUILD_ARGS  more options for asyncdoc build (e.g. "--format md")
#   BENCH_PORTAL   "SPECS:CHANNELS" for a portal case (default "20:100":
#                  20 specs of 100 channels in one site); "" to skip
#   BENCH_DIFF     "CHANNELS:CHANGES" for the diff case (default "1500:50":
#                  `asyncdoc diff` of a spec and a copy with 50 changes,
#                  against `asyncdoc validate` of the spec); "" to skip
#   BENCH_REFSHAPES  sizes of the ref shapes of bench/refshapes.sh, each
#                  validated and built once per size (default "1000 10000
#                  20000"; doubling is built at 40 levels only);
#                  "" to skip. Target: 20k under 1 s and 200 MB
#   BENCH_REBUILD  K: after the fresh builds of a case, BENCH_RUNS rebuilds
#                  into the site the last one left, the spec and a copy
#                  with K changed messages (gen --changes K) in turn: what
#                  a CI job with a kept site or a writer building again
#                  does (default 10; "" or 0 to skip). With BENCH_BASELINE,
#                  the baseline rebuilds its own site in turn with ours
#   BENCH_RELOAD   the serve cases (default "example 1000"): "example" is
#                  examples/parking-v3 (the example, split over files),
#                  a number a spec of that many channels; each times a
#                  save (write beside, rename over the spec) to the
#                  "reload" event on the page's stream (bench/reload).
#                  Targets (issue 18): 50 ms for the example (and specs
#                  of up to 100 channels), 150 ms for bigger ones; ""
#                  to skip
# Exits 1 when a build or load failed, 2 on usage errors.

set -u

if [ $# -ne 1 ]; then
	echo "usage: bench/run.sh BUILDDIR" >&2
	exit 2
fi
builddir=$1
runs=${BENCH_RUNS:-5}
props=${BENCH_PROPS:-8}
cases=${BENCH_CASES:-"3:10 3:100 3:1000 3:1500 3:5000 2:1000 2:5000 3j:1000"}
baseline=${BENCH_BASELINE:-}
out=${BENCH_OUT:-$builddir/bench/out}
verbose=${BENCH_VERBOSE:-0}

gen=$builddir/bench/gen
load=$builddir/bench/bench_load
runcmd=$builddir/bench/runcmd
reload=$builddir/bench/reload
asyncdoc=$builddir/asyncdoc

case $runs in
'' | *[!0-9]*) echo "bench: BENCH_RUNS must be a number" >&2; exit 2 ;;
esac
for p in "$gen" "$load" "$runcmd" "$asyncdoc" ${baseline:+"$baseline"}; do
	if [ ! -x "$p" ]; then
		echo "bench: $p is missing: run 'make bench'" >&2
		exit 2
	fi
done
mkdir -p "$out" || exit 2

say() {
	if [ "$verbose" = 1 ]; then
		echo "bench: $*" >&2
	fi
}

# median of the numbers on stdin (mean of the middle two when even)
median() {
	sort -g | awk '{ v[NR] = $1 }
		END {
			if (NR == 0) { print "nan"; exit }
			if (NR % 2) print v[(NR + 1) / 2];
			else print (v[NR / 2] + v[NR / 2 + 1]) / 2
		}'
}

# value of "key value" line $1 in file $2
field() {
	awk -v k="$1" '$1 == k { print $2 }' "$2"
}

status=0
base_kb=$("$runcmd" -q "$asyncdoc" --version | awk '{ print $2 }')
rows=$out/rows.txt
: >"$rows"

for c in $cases; do
	ver=${c%%:*}
	n=${c#*:}
	json=
	ext=yaml
	case $ver in
	*j) json=--json; ext=json; ver=${ver%j} ;;
	esac
	name=v$ver-$n.$ext
	spec=$out/$name
	site=$out/site-v$ver-$n-$ext
	say "generating $name"
	if ! "$gen" --channels "$n" --props "$props" --version "$ver" \
		$json >"$spec"; then
		echo "bench: gen failed for $c" >&2
		status=1
		continue
	fi
	bytes=$(wc -c <"$spec" | tr -d ' ')

	say "building $name ($runs runs)"
	: >"$out/times.txt"
	: >"$out/btimes.txt"
	failed=
	i=0
	while [ "$i" -lt "$runs" ]; do
		if [ -n "$baseline" ]; then
			rm -rf "$site-base"
			# shellcheck disable=SC2086
			"$runcmd" -q -e "$out/base.err" "$baseline" build \
				${BENCH_BUILD_ARGS:-} "$spec" -o "$site-base" \
				>>"$out/btimes.txt" || echo "nan 0 1" >>"$out/btimes.txt"
			rm -rf "$site-base"
		fi
		rm -rf "$site"
		# shellcheck disable=SC2086
		if ! "$runcmd" -q -e "$out/build.err" "$asyncdoc" build \
			${BENCH_BUILD_ARGS:-} "$spec" -o "$site" \
			>>"$out/times.txt"; then
			failed=build
			break
		fi
		i=$((i + 1))
	done
	# bytes written: the site of the last run (apparent sizes)
	out_bytes=nan
	[ -n "$failed" ] || out_bytes=$(du -sb "$site" | cut -f1)

	# rebuilds into the site the fresh builds left (and the baseline's
	# into its own), the spec and an edited copy in turn
	rebuild_ms=nan
	rebuild_x=nan
	rk=${BENCH_REBUILD-10}
	if [ -z "$failed" ] && [ -n "$rk" ] && [ "$rk" != 0 ] &&
		"$gen" --channels "$n" --props "$props" --version "$ver" 			--changes "$rk" $json >"$spec.edit.$ext"; then
		say "rebuilding $name ($runs runs)"
		: >"$out/rtimes.txt"
		: >"$out/rbtimes.txt"
		if [ -n "$baseline" ]; then
			rm -rf "$site-base"
			"$runcmd" -q -e "$out/base.err" "$baseline" build \
				${BENCH_BUILD_ARGS:-} "$spec" -o "$site-base" \
				>/dev/null
		fi
		i=0
		while [ "$i" -lt "$runs" ]; do
			s=$spec.edit.$ext
			[ $((i % 2)) = 1 ] && s=$spec
			if [ -n "$baseline" ]; then
				# shellcheck disable=SC2086
				"$runcmd" -q -e "$out/base.err" "$baseline" \
					build ${BENCH_BUILD_ARGS:-} "$s" \
					-o "$site-base" >>"$out/rbtimes.txt" ||
					echo "nan 0 1" >>"$out/rbtimes.txt"
			fi
			# shellcheck disable=SC2086
			if ! "$runcmd" -q -e "$out/build.err" "$asyncdoc" \
				build ${BENCH_BUILD_ARGS:-} "$s" -o "$site" \
				>>"$out/rtimes.txt"; then
				echo "bench: rebuild of $name failed:" >&2
				head -n 5 "$out/build.err" >&2
				status=1
				break
			fi
			i=$((i + 1))
		done
		rm -rf "$site-base" "$spec.edit.$ext"
		if [ "$i" = "$runs" ]; then
			rebuild_ms=$(awk '{ print $1 * 1000 }' \
				"$out/rtimes.txt" | median)
			[ -z "$baseline" ] ||
				rebuild_x=$(paste -d ' ' "$out/rtimes.txt" \
					"$out/rbtimes.txt" | awk '$4 != "nan" &&
					$4 > 0 { print $1 / $4 }' | median)
		fi
	fi
	if [ -n "$failed" ]; then
		echo "bench: asyncdoc build $name failed:" >&2
		head -n 5 "$out/build.err" >&2
		status=1
	fi

	say "timing load of $name"
	if ! "$load" -r "$runs" "$spec" >"$out/load.txt" 2>"$out/load.err"; then
		echo "bench: bench_load $name failed:" >&2
		head -n 5 "$out/load.err" >&2
		status=1
		: >"$out/load.txt"
	fi
	if [ -n "$failed" ]; then
		build_ms=nan
		rss_kb=nan
	else
		build_ms=$(awk '{ print $1 * 1000 }' "$out/times.txt" | median)
		rss_kb=$(awk '$2 > m { m = $2 } END { print m + 0 }' \
			"$out/times.txt")
	fi
	# baseline: its median and the median of the ratios ours/base of
	# the runs made side by side
	base_ms=nan
	base_x=nan
	if [ -n "$baseline" ] && [ -z "$failed" ]; then
		base_ms=$(awk '{ print $1 * 1000 }' "$out/btimes.txt" | median)
		base_x=$(paste -d ' ' "$out/times.txt" "$out/btimes.txt" |
			awk '$4 != "nan" && $4 > 0 { print $1 / $4 }' | median)
	fi
	floor_ms=$(field floor_ms "$out/load.txt")
	load_ms=$(field load_ms "$out/load.txt")
	loader_ms=$(field loader_ms "$out/load.txt")
	model_ms=$(field model_ms "$out/load.txt")
	check_ms=$(field check_ms "$out/load.txt")
	echo "v$ver${json:+j} $n $bytes $build_ms $rss_kb ${floor_ms:-nan}" \
		"${load_ms:-nan} ${loader_ms:-nan} ${model_ms:-nan}" \
		"${check_ms:-nan} $out_bytes $base_ms $base_x $rebuild_ms" \
		"$rebuild_x" >>"$rows"
done
rm -rf "$out"/site-*

# A portal: several specs in one site.
portal=${BENCH_PORTAL-20:100}
portal_row=
if [ -n "$portal" ]; then
	np=${portal%%:*}
	pc=${portal#*:}
	mkdir -p "$out/portal-specs"
	rm -f "$out"/portal-specs/*.yaml
	i=0
	while [ "$i" -lt "$np" ]; do
		"$gen" --channels "$pc" --props "$props" --version 3 \
			>"$out/portal-specs/api-$i.yaml" || status=1
		# each its own title, so each gets its own folder
		sed -i "s/^  title: .*/  title: API $i/" \
			"$out/portal-specs/api-$i.yaml"
		i=$((i + 1))
	done
	pbytes=$(cat "$out"/portal-specs/*.yaml | wc -c | tr -d ' ')
	: >"$out/ptimes.txt"
	i=0
	while [ "$i" -lt "$runs" ]; do
		rm -rf "$out/site-portal"
		# shellcheck disable=SC2086
		"$runcmd" -q -e "$out/build.err" "$asyncdoc" build \
			${BENCH_BUILD_ARGS:-} "$out/portal-specs" \
			-o "$out/site-portal" >>"$out/ptimes.txt" || status=1
		i=$((i + 1))
	done
	pms=$(awk '{ print $1 * 1000 }' "$out/ptimes.txt" | median)
	prss=$(awk '$2 > m { m = $2 } END { print m + 0 }' "$out/ptimes.txt")
	pout=$(du -sb "$out/site-portal" 2>/dev/null | cut -f1)
	pfiles=$(find "$out/site-portal" -type f | wc -l)
	portal_row=$(printf 'portal: %d specs x %d channels (%.0f KB in all): build %.1f ms, peak RSS %.1f MB, %d files, %.1f MB written' \
		"$np" "$pc" "$((pbytes / 1024))" "$pms" "$(echo "$prss" | awk '{ print $1 / 1024 }')" \
		"$pfiles" "$(echo "${pout:-0}" | awk '{ print $1 / 1048576 }')")
	rm -rf "$out/site-portal"
fi

# diff: a spec against a copy with some changes, next to validate.
dcase=${BENCH_DIFF-1500:50}
diff_row=
if [ -n "$dcase" ]; then
	dn=${dcase%%:*}
	dk=${dcase#*:}
	"$gen" --channels "$dn" --props "$props" --version 3 \
		>"$out/diff-old.yaml" || status=1
	"$gen" --channels "$dn" --props "$props" --version 3 --changes "$dk" \
		>"$out/diff-new.yaml" || status=1
	: >"$out/vtimes.txt"
	: >"$out/dtimes.txt"
	i=0
	while [ "$i" -lt "$runs" ]; do
		"$runcmd" -q -e "$out/validate.err" "$asyncdoc" validate \
			"$out/diff-old.yaml" >>"$out/vtimes.txt" || status=1
		"$runcmd" -q -e "$out/diff.err" "$asyncdoc" diff \
			"$out/diff-old.yaml" "$out/diff-new.yaml" \
			>>"$out/dtimes.txt" || status=1
		i=$((i + 1))
	done
	vms=$(awk '{ print $1 * 1000 }' "$out/vtimes.txt" | median)
	dms=$(awk '{ print $1 * 1000 }' "$out/dtimes.txt" | median)
	diff_row=$(awk -v v="$vms" -v d="$dms" -v n="$dn" -v k="$dk" 'BEGIN {
		r = v > 0 ? d / v : 0
		printf "diff: %d channels vs a copy with %d changes: diff %.1f ms, validate %.1f ms: %.2fx (target < 3x: %s)", \
			n, k, d, v, r, r < 3 ? "met" : "MISSED" }')
fi
# serve: a save to the reload event, for the example and a big spec.
reload_rows=
for n in ${BENCH_RELOAD-example 1000}; do
	[ -x "$reload" ] || break
	if [ "$n" = example ]; then
		spec=$(dirname "$0")/../examples/parking-v3/asyncapi.yaml
		what="example (examples/parking-v3)"
		aflag=-a
		target=50
	else
		spec=$out/reload-$n.yaml
		"$gen" --channels "$n" --props "$props" --version 3 \
			>"$spec" || status=1
		what="$n channels"
		aflag=
		target=150
		[ "$n" -gt 100 ] || target=50
	fi
	say "timing serve reloads: $what"
	# (aflag: unquoted, empty or one word)
	if "$reload" -r "$runs" $aflag "$asyncdoc" "$spec" \
		>"$out/reload.txt" 2>"$out/reload.err"; then
		reload_rows="$reload_rows$(awk -v what="$what" -v t="$target" \
			'$1 == "reload_ms" { printf "serve: save -> reload event, %s: %.1f ms (target <= %d ms: %s)\n", what, $2, t, $2 <= t ? "met" : "MISSED" }' \
			"$out/reload.txt")
"
	else
		echo "bench: bench/reload $what failed:" >&2
		head -n 5 "$out/reload.err" >&2
		status=1
	fi
done

awk -v base="$base_kb" -v runs="$runs" -v props="$props" \
	-v bargs="${BENCH_BUILD_ARGS:-}" -v baseline="$baseline" '
function num(x) { return x != "nan" && x != "" }
BEGIN {
	printf "asyncdoc bench: %d runs per figure, %d payload properties per message, medians%s\n", runs, props, bargs != "" ? ", build " bargs : ""
	printf "%-5s %5s %8s %8s %6s %6s %7s %7s %8s %7s %5s %6s %6s %8s %6s %6s\n", \
		"spec", "chans", "input KB", "build ms", "RSS MB", "RSS/in", \
		"dRSS/in", "in MB/s", "floor ms", "load ms", "ld/fl", \
		"loader", "model", "check ms", "out MB", "bd/fl"
	if (baseline != "")
		printf "baseline %s: build of each case run in turn with ours\n", baseline
}
function tail_base() {
	if (baseline == "")
		return
	if (num(bms) && num(bx)) {
		printf "%-5s %5d   base ms %8.1f   x base %5.2f\n", spec, n, bms, bx
		if (spec == "v3" && n == 1500) bx1500 = bx
	}
}
function tail_rebuild() {
	if (!num(rbms))
		return
	printf "%-5s %5d   rebuild ms %8.1f", spec, n, rbms
	if (num(rbx))
		printf "   x base %5.2f", rbx
	printf "\n"
}
{
	spec = $1; n = $2; bytes = $3; build = $4; rss = $5; fl = $6; ld = $7
	lo = $8; mo = $9; ck = $10; ob = $11; bms = $12; bx = $13
	rbms = $14; rbx = $15
	if (spec == "v3" && num(build)) { bpm[n] = build / (bytes / 1048576) }
	if (spec == "v3" && n == 1500 && num(build)) peak1500 = rss
	kb = bytes / 1024
	printf "%-5s %5d %8.0f ", spec, n, kb
	if (num(build)) {
		printf "%8.1f %6.1f %6.1f %7.1f %7.1f ", build, rss / 1024, \
			rss / kb, (rss - base) / kb, \
			(bytes / 1048576) / (build / 1000)
		# small inputs are all baseline: judge RSS from 1 MB of input on
		if (kb >= 1024 && rss / kb > worst_rss) { worst_rss = rss / kb; worst_rss_at = spec ":" n }
	} else {
		printf "%8s %6s %6s %7s %7s ", "FAIL", "-", "-", "-", "-"
	}
	if (num(fl) && num(ld) && fl > 0) {
		r = ld / fl
		printf "%8.1f %7.1f %5.2f %6.1f %6.1f %8.1f", fl, ld, r, lo, mo, ck
		if (num(build) && num(ob))
			printf " %6.1f %6.1f\n", ob / 1048576, build / fl
		else
			printf " %6s %6s\n", "-", "-"
		if (num(build) && build / fl > worst_bd) { worst_bd = build / fl; worst_bd_at = spec ":" n }
		if (r > worst) { worst = r; worst_at = spec ":" n }
		if (spec == "v3") { per[n] = ld / kb; sizes[++ns] = n }
	} else {
		printf "%8s %7s %5s %6s %6s %8s %6s %6s\n", num(fl) ? fl : "-", "FAIL", "-", "-", "-", "-", "-", "-"
	}
	tail_base()
	tail_rebuild()
}
END {
	printf "RSS: peak over the build runs; dRSS/in = (RSS - %.1f MB of asyncdoc --version) / input\n", base / 1024
	printf "load = loader (parse + positions + refs) + model, in-process medians (freeing not counted); floor = libyaml events only\n"
	printf "check = what validate adds to load: official schema + semantic rules, in-process medians\n"
	printf "build = whole process: load, validate, every HTML page, search index, assets, swap (wall, median), into a new folder; out MB = the site written; bd/fl = build / floor\n"
	printf "rebuild = the same into the site a build left, the spec and a copy with a few messages changed in turn (BENCH_REBUILD)\n"
	if (worst_bd_at != "")
		printf "target build <= 3x floor: worst %.1fx at %s: %s\n", worst_bd, worst_bd_at, worst_bd <= 3 ? "met" : "MISSED"
	if (worst_at != "")
		printf "target load <= 2x floor: worst %.2fx at %s: %s\n", worst, worst_at, worst <= 2 ? "met" : "MISSED"
	if (worst_rss_at != "")
		printf "target peak RSS < 10x input (inputs >= 1 MB): worst %.1fx at %s: %s\n", worst_rss, worst_rss_at, worst_rss < 10 ? "met" : "MISSED"
	if (peak1500 != "")
		printf "target peak RSS of the v3 1500-channel build < 40 MiB: %.1f MiB: %s\n", peak1500 / 1024, peak1500 < 40 * 1024 ? "met" : "MISSED"
	if (bx1500 != "")
		printf "target v3 1500-channel build <= 0.5x baseline: %.2fx: %s\n", bx1500, bx1500 <= 0.5 ? "met" : "MISSED"
	if ((1000 in bpm) && (5000 in bpm))
		printf "build ms per input MB (v3): %.1f at 1000, %.1f at 5000 channels: %s\n", bpm[1000], bpm[5000], \
			bpm[5000] <= 1.10 * bpm[1000] ? "linear (within 10%)" : "SUPERLINEAR (over 10%)"
	if (ns >= 2) {
		a = sizes[ns - 1]; b = sizes[ns]
		printf "growth (v3 load ms per input KB): %.4f at %d, %.4f at %d channels: %s\n", per[a], a, per[b], b, \
			per[b] <= 1.25 * per[a] ? "linear" : "SUPERLINEAR"
	}
}' "$rows"
[ -z "$portal_row" ] || echo "$portal_row"
[ -z "$diff_row" ] || echo "$diff_row"
[ -z "$reload_rows" ] || printf '%s' "$reload_rows"

# Ref shapes: validate and build cost per shape and size (one run each,
# wall and RSS; the build writes a page per component schema, so it is
# also given per page written).
rsizes=${BENCH_REFSHAPES-1000 10000 20000}
if [ -n "$rsizes" ]; then
	printf '%-8s %6s %8s %9s %7s %5s %-6s %9s %7s %6s %7s %8s %s\n' \
		shape refs "input KB" "valid ms" "RSS MB" exit target \
		"build ms" "RSS MB" pages "out MB" "us/page" target
	for s in chain pointer fanin fanout allof oneof doubling; do
		sizes=$rsizes
		# the rendering shape: 40 levels (2^40 paths), once
		[ "$s" = doubling ] && sizes=40
		for n in $sizes; do
			spec=$out/ref-$s-$n.yaml
			sh "$(dirname "$0")/refshapes.sh" "$s" "$n" >"$spec" ||
				status=1
			kb=$(($(wc -c <"$spec") / 1024))
			"$runcmd" -q -e "$out/ref.err" "$asyncdoc" validate \
				"$spec" >"$out/ref.txt"
			rc=$?
			[ "$rc" -le 1 ] || status=1
			rm -rf "$out/ref-site"
			"$runcmd" -q -e "$out/ref.err" "$asyncdoc" build \
				--no-sync -o "$out/ref-site" "$spec" \
				>"$out/ref-build.txt"
			brc=$?
			[ "$brc" -le 1 ] || status=1
			pages=$(find "$out/ref-site" -type f -name '*.html' |
				wc -l)
			okb=$(du -sk "$out/ref-site" | awk '{ print $1 }')
			rm -rf "$out/ref-site"
			paste "$out/ref.txt" "$out/ref-build.txt" | awk \
				-v s="$s" -v n="$n" -v kb="$kb" -v rc="$rc" \
				-v pages="$pages" -v okb="$okb" '{
				ms = $1 * 1000; mb = $2 / 1024
				bms = $4 * 1000; bmb = $5 / 1024
				t = n < 20000 ? "-" : \
				    (ms < 1000 && mb < 200 ? "met" : "MISSED")
				bt = n < 20000 && s != "doubling" ? "-" : \
				    (bms < 1000 && bmb < 200 ? "met" : "MISSED")
				printf "%-8s %6d %8d %9.1f %7.1f %5d %-6s %9.1f %7.1f %6d %7.1f %8.1f %s\n", \
					s, n, kb, ms, mb, rc, t, bms, bmb, \
					pages, okb / 1024, \
					(pages > 0 ? bms * 1000 / pages : 0), bt
			}'
		done
	done
	printf "targets: 20k refs (doubling: 40 levels) under 1 s and 200 MB; build also writes a page per component schema (us/page = build wall / pages)\n"
fi
exit $status
