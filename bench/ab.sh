#!/usr/bin/env bash
# Compares sanwu binaries by cold builds run in turn (A, B, A, B, ...): this machine's speed
# drifts by 10-15 % within an hour, so two sets taken at different times do not compare.
#
#     bench/ab.sh SITE RUNS BINARY...
#     bench/ab.sh /dev/shm/sanwu-bench-50000 4 /tmp/sanwu-before target/release/sanwu
#
# SITE is a site folder (a generated one: bench/run.sh makes /dev/shm/sanwu-bench-N). Each run
# removes SITE/.sanwu-cache and the output, then times `BINARY build --root SITE --out OUT`
# under /usr/bin/time. Prints, per binary, every run's wall and CPU (user + sys) time and their
# medians, and the largest peak RSS. The binaries are copied first, so a rebuild during the
# runs changes nothing.
#
# Environment: OUT, the output folder [/dev/shm/sanwu-ab-out]; it is removed at the end.
set -euo pipefail

if [ $# -lt 3 ]; then
    sed -n '2,13p' "$0" >&2
    exit 2
fi
site=$1
runs=$2
shift 2
out=${OUT:-/dev/shm/sanwu-ab-out}
[ -x /usr/bin/time ] || { echo "ab: /usr/bin/time is missing (Debian package 'time')" >&2; exit 1; }
[ -d "$site/content" ] || { echo "ab: $site has no content/ folder" >&2; exit 1; }

copies=$(mktemp -d)
trap 'rm -rf "$copies" "$out"' EXIT
names=()
for i in $(seq 1 $#); do
    bin=${!i}
    cp "$bin" "$copies/$i"
    names+=("$bin")
    : > "$copies/$i.runs"
done

for run in $(seq 1 "$runs"); do
    for i in $(seq 1 ${#names[@]}); do
        rm -rf "$site/.sanwu-cache" "$out"
        if ! /usr/bin/time -f '%e %U %S %M' -o "$copies/time" \
            "$copies/$i" build --root "$site" --out "$out" > /dev/null 2> "$copies/log"; then
            echo "ab: ${names[$((i - 1))]} failed:" >&2
            tail -5 "$copies/log" >&2
            exit 1
        fi
        # wall, CPU (user + sys), peak RSS in KiB
        awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$copies/time" >> "$copies/$i.runs"
        echo "ab: run $run/$runs, ${names[$((i - 1))]}: $(tail -1 "$copies/$i.runs")" >&2
    done
done

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "| binary | cold wall, median (runs) | cold CPU, median (runs) | peak RSS MiB |"
echo "|---|---:|---:|---:|"
for i in $(seq 1 ${#names[@]}); do
    f="$copies/$i.runs"
    walls=$(cut -d' ' -f1 "$f" | sort -n | paste -sd' ')
    cpus=$(cut -d' ' -f2 "$f" | sort -n | paste -sd' ')
    rss=$(cut -d' ' -f3 "$f" | sort -n | tail -1)
    echo "| ${names[$((i - 1))]} | $(cut -d' ' -f1 "$f" | median) s ($walls) | $(cut -d' ' -f2 "$f" | median) s ($cpus) | $((rss / 1024)) |"
done
