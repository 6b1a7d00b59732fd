#!/bin/sh
# bench.sh - `make bench`: dyad against the libcsv parse floor, R data.table
# and GNU datamash on simulated data of 1,000, 100,000 and 300,000 children.
# Prints one table and writes it to tests/bench/RESULTS.md.  Progress goes to
# stderr only when stderr is a terminal.  BENCH_SIZES overrides the sizes;
# BENCH_RUNS the repetitions (median taken); STARTUP_RUNS those of the
# 20-row start-up rows.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
DYAD=$TOP/dyad
FLOOR=$TOP/build/bench/floor
SIZES=${BENCH_SIZES:-"1000 100000 300000"}
RUNS=${BENCH_RUNS:-7}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
say() { [ -t 2 ] && printf '%s\n' "$*" >&2; return 0; }
mkdir -p "$TOP/build/bench"
RESULTS=$TOP/build/bench/rows.tsv
: > "$RESULTS"

# add NAME CMD: a command to time at this size (CMD is shell text, run with
# eval, words quoted as needed).
add() {
	n=$((n + 1))
	eval "name_$n=\$1; cmd_$n=\$2; times_$n="
}

# measure FILE: every command added, once per round for RUNS rounds after a
# warm-up round (which fills the page cache), and the median of each.  The
# commands take turns rather than each running RUNS times in a row, so that
# a shared machine's slow minutes fall on all of them alike and the ratios
# to the floor hold even when the seconds do not.  Peak RSS from GNU time.
measure() {
	file=$1
	bytes=$(stat -c %s "$file")
	rows=$(($(wc -l < "$file") - 1))
	k=1
	while [ $k -le $n ]; do
		eval "c=\$cmd_$k; name=\$name_$k"
		# a command that fails would be timed doing less than its job
		if ! eval "$c" > /dev/null 2> "$TMP/err"; then
			echo "bench: $name failed on $file:" >&2
			tail -5 "$TMP/err" >&2
			exit 1
		fi
		k=$((k + 1))
	done
	r=0
	while [ $r -lt "$RUNS" ]; do
		say "  round $((r + 1)) of $RUNS"
		k=1
		while [ $k -le $n ]; do
			eval "c=\$cmd_$k"
			s=$(date +%s.%N)
			eval "$c" > /dev/null 2>&1
			e=$(date +%s.%N)
			eval "times_$k=\"\$times_$k $(echo "$e - $s" | bc)\""
			k=$((k + 1))
		done
		r=$((r + 1))
	done
	k=1
	while [ $k -le $n ]; do
		eval "c=\$cmd_$k; name=\$name_$k; times=\$times_$k"
		med=$(echo $times | tr ' ' '\n' | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}')
		eval "/usr/bin/time -f %M -o \"$TMP/rss\" $c" > /dev/null 2>&1
		rss=$(tail -1 "$TMP/rss")
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$SIZE" "$name" "$med" "$rss" "$bytes" "$rows" >> "$RESULTS"
		k=$((k + 1))
	done
}

for SIZE in $SIZES; do
	f=$TMP/sim-$SIZE.csv
	say "generating $SIZE children"
	"$DYAD" simulate --children "$SIZE" --seed 1 --sites 20 -o "$f" || exit 1
	n=0
	add "cat" "cat '$f'"
	add "libcsv floor" "'$FLOOR' '$f'"
	# one core (--threads 1), then as run: both cores on a large file
	add "dyad validate, 1 core" "'$DYAD' validate -q --threads 1 '$f'"
	add "dyad stats, 1 core" "'$DYAD' stats -f csv --threads 1 '$f'"
	add "dyad change, 1 core" "'$DYAD' change -f csv --threads 1 '$f'"
	add "dyad validate" "'$DYAD' validate -q '$f'"
	add "dyad stats" "'$DYAD' stats -f csv '$f'"
	add "dyad change" "'$DYAD' change -f csv '$f'"
	if command -v datamash >/dev/null 2>&1; then
		# datamash stops at an empty score, so the file is filtered first
		add "datamash (grouped mean/sd)" "sh -c \"grep -v ',\\\$' '$f' | datamash -H -t, -s -g 5,6 mean 8 sstdev 8 count 8\""
	fi
	if command -v Rscript >/dev/null 2>&1 &&
	    Rscript -e 'library(data.table)' >/dev/null 2>&1; then
		add "R data.table (paired job)" "Rscript '$TOP/tests/bench/paired_dt.R' '$f'"
	fi
	say "timing $SIZE children"
	measure "$f"
done
# start_row NAME LINE CMD...: a start-up row, its median the LINEth of
# $TMP/startup, its peak RSS from one more run under GNU time.
start_row() {
	name=$1 line=$2; shift 2
	med=$(sed -n "${line}p" "$TMP/startup")
	rss=$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1)
	bytes=$(stat -c %s "$tiny")
	rows=$(($(wc -l < "$tiny") - 1))
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$SIZE" "$name" "$med" "$rss" "$bytes" "$rows" >> "$RESULTS"
}

# start-up: a 20-row file.  Runs of a millisecond are timed by
# tests/bench/startup.c (posix_spawn, no shell: a date before and after
# each run, as measure takes, would add about a millisecond to both sides
# of the ratio), the four commands in turn each round, as measure does.
tiny=$TMP/tiny.csv
head -21 "$TMP/sim-$(echo $SIZES | cut -d' ' -f1).csv" > "$tiny"
SIZE=tiny
say "timing start-up"
"$TOP/build/bench/startup" "${STARTUP_RUNS:-300}" "$FLOOR" "$tiny" \
    :: "$DYAD" validate -q "$tiny" :: "$DYAD" stats -f csv "$tiny" \
    :: "$DYAD" change -f csv "$tiny" > "$TMP/startup" || exit 1
start_row "libcsv floor" 1 "$FLOOR" "$tiny"
start_row "dyad validate" 2 "$DYAD" validate -q "$tiny"
start_row "dyad stats" 3 "$DYAD" stats -f csv "$tiny"
start_row "dyad change" 4 "$DYAD" change -f csv "$tiny"

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
{
	echo "# dyad benchmark results"
	echo
	echo "Machine: $cpu, $(nproc) cores; $(date -u +%Y-%m-%d). Median of $RUNS rounds after a warm-up"
	echo "round (in each round the commands of a size take turns, so the machine's slow spells hit them alike)"
	echo "(the 20-row \"tiny\" rows: of ${STARTUP_RUNS:-300} such rounds, by tests/bench/startup.c);"
	echo "peak RSS from GNU time; ratios to the libcsv no-op parse floor of the same size, same run."
	echo
	echo "| children | command | median s | MB/s | peak RSS MiB | B/row | x floor |"
	echo "|---:|---|---:|---:|---:|---:|---:|"
	awk -F '\t' '
	$2 == "libcsv floor" { flo[$1] = $3 }
	{ line[NR] = $0 }
	END {
		for (i = 1; i <= NR; i++) {
			split(line[i], f, "\t")
			mbs = f[3] > 0 ? f[5] / f[3] / 1e6 : 0
			bpr = f[6] > 0 ? f[4] * 1024 / f[6] : 0
			printf "| %s | %s | %.4f | %.0f | %.1f | %.0f | %.2f |\n", f[1], f[2], f[3], mbs, f[4] / 1024, bpr, (flo[f[1]] > 0 ? f[3] / flo[f[1]] : 0)
		}
	}' "$RESULTS"
} > "$TMP/RESULTS.md"
if [ -f "$TOP/tests/bench/NOTES.md" ]; then
	echo >> "$TMP/RESULTS.md"
	cat "$TOP/tests/bench/NOTES.md" >> "$TMP/RESULTS.md"
fi
cat "$TMP/RESULTS.md"
cp "$TMP/RESULTS.md" "$TOP/tests/bench/RESULTS.md"
