#!/bin/sh
# bench.sh - `make bench`: dyad against the libcsv parse floor, R data.table
# and GNU datamash on simulated data of 1,000, 100,000 and 300,000 children.
# Prints one table and issue 7's targets against it, and writes them to
# tests/bench/RESULTS.md.  Progress goes to
# stderr only when stderr is a terminal.  BENCH_SIZES overrides the sizes;
# BENCH_RUNS the repetitions (median taken); STARTUP_RUNS those of the
# 20-row start-up rows.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
DYAD=$TOP/dyad
FLOOR=$TOP/build/bench/floor
TIMEIT=$TOP/build/bench/timeit
SIZES=${BENCH_SIZES:-"1000 100000 300000"}
RUNS=${BENCH_RUNS:-7}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
say() { [ -t 2 ] && printf '%s\n' "$*" >&2; return 0; }
mkdir -p "$TOP/build/bench"
RESULTS=$TOP/build/bench/rows.tsv
: > "$RESULTS"

# add NAME CMD: a command to time at this size (CMD is shell text: its
# words, quoted as needed, become the command's arguments; a pipeline is
# given as sh -c "...").
add() {
	n=$((n + 1))
	eval "name_$n=\$1; cmd_$n=\$2"
}

# row SIZE NAME FILE LINE: a row of the results from the LINEth line of
# tests/bench/timeit.c's output in FILE.
row() {
	set -- "$1" "$2" "$(sed -n "${4}p" "$3")"
	bytes=$(stat -c %s "$f")
	rows=$(($(wc -l < "$f") - 1))
	printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$(echo $3 | tr ' ' '\t')" \
	    "$bytes" "$rows" >> "$RESULTS"
}

# measure: every command added, once per round for RUNS rounds after a
# warm-up round (which fills the page cache and stops a command that fails:
# it would be timed doing less than its job), by tests/bench/timeit.c.  The
# commands take turns rather than each running RUNS times in a row, so that
# a shared machine's slow minutes fall on all of them alike and the ratios
# to the floor hold even when the seconds do not.
measure() {
	set --
	k=1
	while [ $k -le $n ]; do
		eval "c=\$cmd_$k; name=\$name_$k"
		if ! eval "$c" > /dev/null 2> "$TMP/err"; then
			echo "bench: $name failed on $f:" >&2
			tail -5 "$TMP/err" >&2
			exit 1
		fi
		eval "set -- \"\$@\" :: $c"
		k=$((k + 1))
	done
	shift
	"$TIMEIT" "$RUNS" "$@" > "$TMP/times" || exit 1
	k=1
	while [ $k -le $n ]; do
		eval "row \"\$SIZE\" \"\$name_$k\" \"\$TMP/times\" $k"
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
	measure
done
# start-up: a 20-row file, 300 rounds after 20 warm-up ones.  No shell
# between timeit and the commands: a shell adds about a millisecond to both
# sides of the ratio.
f=$TMP/tiny.csv
head -21 "$TMP/sim-$(echo $SIZES | cut -d' ' -f1).csv" > "$f"
SIZE=tiny
say "timing start-up"
"$TIMEIT" -w 20 "${STARTUP_RUNS:-300}" "$FLOOR" "$f" \
    :: "$DYAD" validate -q "$f" :: "$DYAD" stats -f csv "$f" \
    :: "$DYAD" change -f csv "$f" > "$TMP/times" || exit 1
row tiny "libcsv floor" "$TMP/times" 1
row tiny "dyad validate" "$TMP/times" 2
row tiny "dyad stats" "$TMP/times" 3
row tiny "dyad change" "$TMP/times" 4

# targets: issue 7's targets against this run (a report, not a test: a
# shared machine's seconds move 30% between runs), when 100,000 children
# were timed.
targets() {
	awk -F '\t' '
	{ t[$1 "/" $2] = $3; b[$1 "/" $2] = $9 > 0 ? $7 * 1024 / $9 : 0 }
	function x(s, c) { return t[s "/" c] / t[s "/libcsv floor"] }
	function line(what, v, ok, fmt) {
		printf "| %s | " fmt " | %s |\n", what, v, ok ? "met" : "**not met**"
	}
	END {
		s = 100000
		if (!((s "/libcsv floor") in t))
			exit
		print ""
		print "Issue 7'"'"'s targets in this run (100,000 children; \"R\" is R data.table'"'"'s time over dyad stats'"'"'s):"
		print ""
		print "| target | this run | |"
		print "|---|---:|---|"
		line("validate within 1.5x the floor, one core", x(s, "dyad validate, 1 core"), x(s, "dyad validate, 1 core") <= 1.5, "%.2fx")
		line("stats within 1.5x the floor, one core", x(s, "dyad stats, 1 core"), x(s, "dyad stats, 1 core") <= 1.5, "%.2fx")
		line("change within 2x the floor, one core", x(s, "dyad change, 1 core"), x(s, "dyad change, 1 core") <= 2, "%.2fx")
		line("stats at or below 1.0x the floor, two cores", x(s, "dyad stats"), x(s, "dyad stats") <= 1, "%.2fx")
		r = "R data.table (paired job)"
		if ((s "/" r) in t) {
			line("6x faster than R, one core", t[s "/" r] / t[s "/dyad stats, 1 core"], t[s "/" r] / t[s "/dyad stats, 1 core"] >= 6, "%.2fx")
			line("10x faster than R, two cores", t[s "/" r] / t[s "/dyad stats"], t[s "/" r] / t[s "/dyad stats"] >= 10, "%.2fx")
		}
		m = 0
		for (k in b)
			if (k ~ /dyad/ && k !~ /^(1000|tiny)\// && b[k] > m)
				m = b[k]
		line("at most 100 bytes a row (100,000 children and up)", m, m <= 100, "%.0f B")
		m = 0
		for (k in t)
			if (k ~ /^tiny\/dyad/ && t[k] / t["tiny/libcsv floor"] > m)
				m = t[k] / t["tiny/libcsv floor"]
		line("start-up within 1.5x the floor (20 rows)", m, m <= 1.5, "%.2fx")
	}' "$RESULTS"
}

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
{
	echo "# dyad benchmark results"
	echo
	echo "Machine: $cpu, $(nproc) cores; $(date -u +%Y-%m-%d). Wall time: median and quartiles"
	echo "of $RUNS rounds after a warm-up round (in each round the commands of a size take turns, so"
	echo "the machine's slow spells hit them alike; the 20-row \"tiny\" rows: ${STARTUP_RUNS:-300} rounds"
	echo "after 20 warm-up), by tests/bench/timeit.c; CPU s is the median user + system time (above"
	echo "the wall time when both cores work); peak RSS the largest of the rounds; ratios are medians"
	echo "to the libcsv no-op parse floor of the same size, same run."
	echo
	echo "| children | command | median s | quartiles s | CPU s | MB/s | peak RSS MiB | B/row | x floor |"
	echo "|---:|---|---:|---|---:|---:|---:|---:|---:|"
	awk -F '\t' '
	$2 == "libcsv floor" { flo[$1] = $3 }
	{ line[NR] = $0 }
	END {
		for (i = 1; i <= NR; i++) {
			split(line[i], f, "\t")
			mbs = f[3] > 0 ? f[8] / f[3] / 1e6 : 0
			bpr = f[9] > 0 ? f[7] * 1024 / f[9] : 0
			printf "| %s | %s | %.4f | %.4f-%.4f | %.4f | %.0f | %.1f | %.0f | %.2f |\n", f[1], f[2], f[3], f[4], f[5], f[6], mbs, f[7] / 1024, bpr, (flo[f[1]] > 0 ? f[3] / flo[f[1]] : 0)
		}
	}' "$RESULTS"
	targets
} > "$TMP/RESULTS.md"
if [ -f "$TOP/tests/bench/NOTES.md" ]; then
	echo >> "$TMP/RESULTS.md"
	cat "$TOP/tests/bench/NOTES.md" >> "$TMP/RESULTS.md"
fi
cat "$TMP/RESULTS.md"
cp "$TMP/RESULTS.md" "$TOP/tests/bench/RESULTS.md"
