#!/usr/bin/env bash
# Times whole `sanwu build`s of synthetic sites of 1,000, 10,000 and 50,000 documents.
#
#     bench/run.sh                          # all three sizes, 3 runs each
#     SIZES="1000 10000" RUNS=3 bench/run.sh
#
# For each size N the site is generated once by examples/gen-site.rs into $WORK/sanwu-bench-N
# (a git repository with history; generation is skipped when a site made with the same
# parameters is already there). Then, RUNS times:
#
#   cold: remove SITE/.sanwu-cache and the output folder, then `sanwu build --root SITE --out OUT`
#   warm: the same command again, nothing changed (history cache and previous output in place;
#         since dc23a52 sanwu sees that nothing changed and leaves the output as it is)
#
# each under /usr/bin/time -v (wall time, user + sys CPU, peak RSS). Prints a markdown table:
# medians of the runs for the times, the largest peak RSS. The logs of the last runs (with
# SANWU_TIMINGS=1 stage start times) are kept as $WORK/sanwu-bench-N-{cold,warm}.log.
#
# Environment:
#   SIZES      documents per site [1000 10000 50000]
#   RUNS       runs of each of cold and warm [3]
#   REVISIONS  average later revisions per document, passed to gen-site [1]
#   MONTHS     months of disclosures per village, passed to gen-site [36]
#   SEED       [1]
#   WORK       where the sites go [/dev/shm]
#   OUTDIR     where the outputs go [$WORK]; each is removed after its size's runs unless KEEP_OUT=1
#   SANWU      the binary [target/release/sanwu, built by this script unless SANWU is set]; it is
#              copied first, so that a rebuild during the runs does not change what is measured
#   GEN        the site generator [target/release/examples/gen-site, built unless GEN is set]
#   NICE       nice level for the builds [0]
#   FORCE=1    run a size even when MemAvailable looks too small for it (about 0.29 GiB per 1,000
#              documents: the build's peak RSS plus its output)
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000 50000"}
RUNS=${RUNS:-3}
REVISIONS=${REVISIONS:-1}
MONTHS=${MONTHS:-36}
SEED=${SEED:-1}
WORK=${WORK:-/dev/shm}
OUTDIR=${OUTDIR:-$WORK}
KEEP_OUT=${KEEP_OUT:-0}
NICE=${NICE:-0}

if [ ! -x /usr/bin/time ]; then
    echo "bench: /usr/bin/time is missing; installing Debian's 'time' package" >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y -q time >&2; else sudo apt-get install -y -q time >&2; fi
fi

if [ -z "${SANWU:-}" ]; then
    cargo build --release --locked -q
    SANWU=target/release/sanwu
fi
bin=$(mktemp "$WORK/sanwu-bench-bin.XXXXXX")
cp "$SANWU" "$bin"
chmod +x "$bin"
trap 'rm -f "$bin"' EXIT
version="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock || echo '+uncommitted changes'), binary $(sha1sum "$SANWU" | cut -c1-12)"
SANWU=$bin
if [ -z "${GEN:-}" ]; then
    cargo build --release --locked -q --example gen-site
    GEN=target/release/examples/gen-site
fi

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
maximum() { sort -g | tail -n 1; }

# one timed build; appends "wall cpu rss_kib" to $2
timed_build() {
    local site=$1 results=$2 out=$3 log=$4 t
    t=$(mktemp)
    if ! SANWU_TIMINGS=1 nice -n "$NICE" /usr/bin/time -v -o "$t" \
        "$SANWU" --lang en build --root "$site" --out "$out" >"$log" 2>&1; then
        echo "bench: sanwu build failed for $site, see $log" >&2
        tail -n 30 "$log" >&2
        exit 1
    fi
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
        /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident set size/ { r = $2 }
        END { printf "%.3f %.3f %d\n", w, u + s, r }' "$t" >>"$results"
    rm -f "$t"
}

rows=()
details=()
load=$(cut -d' ' -f1-3 /proc/loadavg)
for n in $SIZES; do
    # a build's peak RSS is about 250 KiB per document (the search index), its output in tmpfs
    # 40 KiB more: skip a size this machine cannot hold rather than have the kernel kill
    # something
    need=$((n * 290))
    avail=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
    if [ "$need" -gt "$avail" ] && [ "${FORCE:-0}" != 1 ]; then
        echo "bench: skipping $n documents: needs about $((need / 1048576)) GiB, $((avail / 1048576)) GiB available (FORCE=1 to try anyway)" >&2
        rows+=("| $n | skipped: needs about $((need / 1048576)) GiB of memory, $((avail / 1048576)) GiB available | | | | | | |")
        continue
    fi
    site=$WORK/sanwu-bench-$n
    out=$OUTDIR/sanwu-out-$n
    params="docs=$n months=$MONTHS revisions=$REVISIONS seed=$SEED gen=$(sha1sum examples/gen-site.rs | cut -c1-12)"
    if [ "$(cat "$site/.bench-params" 2>/dev/null)" != "$params" ]; then
        echo "bench: generating $site ($params)" >&2
        rm -rf "$out"
        "$GEN" --docs "$n" --months "$MONTHS" --revisions "$REVISIONS" --seed "$SEED" --out "$site" --force
        echo "$params" >"$site/.bench-params"
    else
        echo "bench: reusing $site" >&2
    fi
    docs=$(sed -n 's/.* docs=\([0-9]*\).*/\1/p' "$site/.gen-site")
    commits=$(git -C "$site" rev-list --count HEAD)
    cold=$(mktemp) warm=$(mktemp)
    for r in $(seq "$RUNS"); do
        rm -rf "$site/.sanwu-cache" "$out"
        echo "bench: $n docs, run $r/$RUNS: cold" >&2
        timed_build "$site" "$cold" "$out" "$site-cold.log"
        echo "bench: $n docs, run $r/$RUNS: warm" >&2
        timed_build "$site" "$warm" "$out" "$site-warm.log"
    done
    cw=$(cut -d' ' -f1 "$cold" | median)
    cc=$(cut -d' ' -f2 "$cold" | median)
    cr=$(cut -d' ' -f3 "$cold" | maximum)
    ww=$(cut -d' ' -f1 "$warm" | median)
    wc_=$(cut -d' ' -f2 "$warm" | median)
    wr=$(cut -d' ' -f3 "$warm" | maximum)
    pages=$(sed -n 's/^built \([0-9]*\) pages (\([0-9]*\) files).*/\1 pages, \2 files/p' "$site-cold.log")
    rows+=("$(awk -v n="$docs" -v cw="$cw" -v cc="$cc" -v cr="$cr" -v ww="$ww" -v wc="$wc_" -v wr="$wr" 'BEGIN {
        printf "| %\047d | %.2f s | %.1f s | %.0f | %.2f s | %.1f s | %.0f | %.2f |", n, cw, cc, cr / 1024, ww, wc, wr / 1024, cw * 1000 / n }')")
    details+=("- $docs documents: $commits commits; $pages; cold runs: $(tr '\n' ';' <"$cold") warm runs: $(tr '\n' ';' <"$warm") (wall s, CPU s, RSS KiB)")
    rm -f "$cold" "$warm"
    [ "$KEEP_OUT" = 1 ] || rm -rf "$out"
done

echo
echo "sanwu $version; $(nproc) CPUs, load average before the runs $load; $RUNS runs; gen-site --revisions $REVISIONS --months $MONTHS --seed $SEED"
echo
echo "| documents | cold wall (median) | cold CPU (user+sys) | cold peak RSS MiB | warm wall (median) | warm CPU | warm peak RSS MiB | cold ms / document |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
printf '%s\n' "${details[@]}"
