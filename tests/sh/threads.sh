#!/bin/sh
# threads.sh - a file large enough to be read on two cores (8 MiB or more)
# gives, through the dyad program, exactly what --threads 1 gives: stdout,
# stderr and exit status of validate, stats, stats --by, stats of the first
# and last scores (paired on one thread, the second mapping the pairs'
# pages), stats --by child_id (some 70,000 records, written on two
# threads: lib/putrows.c, TWO_MIN 20,000), change and waves.
# The file is simulated data with problems added on both sides of its
# middle: a duplicate of a first-half row in the second half (a person on
# both sides), a repeat, a bad number, a ragged row, a bad date; and
# caregivers that do not pair among the first children and the last (the
# caregiver check of dyad validate takes the children in two halves).
# (tests/unit/test_split.c does the same on 3,000 small random files.)
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
DYAD=$TOP/dyad
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

"$DYAD" simulate --children 8000 --seed 5 -o "$tmp/sim.csv" || {
	echo "not ok - threads: dyad simulate failed"; exit 0; }
f=$tmp/big.csv
n=$(wc -l < "$tmp/sim.csv")
half=$((n * 11 / 20))           # a little after the middle: the second half
{
	head -n "$half" "$tmp/sim.csv"
	# problems just after the middle, about rows of the first half
	sed -n '2p' "$tmp/sim.csv" | sed 's/,[^,]*$/,3/'       # duplicate
	sed -n '3p' "$tmp/sim.csv"                              # repeat
	sed -n '4p' "$tmp/sim.csv" | sed 's/,[^,]*$/,x7/'       # bad number
	echo "C999999,G1,Site 1"                                # ragged
	sed -n '5p' "$tmp/sim.csv" | sed 's/2025-[0-9-]*/2025-02-30/'  # bad date
	tail -n +"$((half + 1))" "$tmp/sim.csv"
	# a child whose two caregivers never share a timepoint, last of all:
	# the caregiver check's second thread finds it (CHECK_SPLIT_MIN)
	echo "F999998,C999998,G999991,Site 1,CESD,intake,2025-01-02,10"
	echo "F999998,C999998,G999992,Site 1,CESD,discharge,2025-06-02,5"
} > "$f"
size=$(stat -c %s "$f")
if [ "$size" -lt 8388608 ]; then
	echo "not ok - threads: the test file has $size bytes, under 8 MiB"
	exit 0
fi
run() {
	tag=$1; shift
	"$DYAD" "$@" > "$tmp/$tag.out" 2> "$tmp/$tag.err"
	echo $? > "$tmp/$tag.status"
}
for cmd in "validate" "stats -f csv --skip-bad" "stats -f json --skip-bad --by site" \
    "stats -f csv --skip-bad --pre first --post last" \
    "stats -f csv --skip-bad --by child_id" \
    "change -f csv --skip-bad" "waves -f csv --skip-bad"; do
	# shellcheck disable=SC2086
	run one $cmd --threads 1 "$f"
	# shellcheck disable=SC2086
	run two $cmd --threads 2 "$f"
	if cmp -s "$tmp/one.out" "$tmp/two.out" &&
	    cmp -s "$tmp/one.err" "$tmp/two.err" &&
	    cmp -s "$tmp/one.status" "$tmp/two.status"; then
		echo "ok - threads: dyad $cmd on two cores = on one"
	else
		echo "not ok - threads: dyad $cmd differs on two cores"
		diff "$tmp/one.err" "$tmp/two.err" | head -5
		failed=1
	fi
done
# enough rows that the second thread classifies half of them and pairs
# half of the people (lib/pairs.c, SECOND_MIN: 50,000 rows a thread)
rows=$(($(wc -l < "$f") - 1))
if [ "$rows" -ge 100000 ]; then
	echo "ok - threads: $rows rows, paired on two threads (100,000 or more)"
else
	echo "not ok - threads: only $rows rows, under the two-thread 100,000"
fi
# the problems are reported (so the comparison above covered them)
n_cg=$("$DYAD" validate --threads 2 "$f" 2>&1 | grep -c "these rows do not pair")
if [ "$n_cg" -ge 2 ] && "$DYAD" validate --threads 2 "$f" 2>&1 | tail -n 3 |
    grep -q "child 'C999998' measure CESD: caregiver_id 'G999992' at discharge differs from 'G999991' at intake"; then
	echo "ok - threads: $n_cg caregiver warnings, the last child's given last"
else
	echo "not ok - threads: caregiver warnings: $n_cg, or the last child's not last"
fi
if "$DYAD" validate --threads 2 "$f" 2>&1 |
    grep -q "^$f:$((half + 1)): duplicate of line 2 "; then
	echo "ok - threads: the duplicate across the cut is found"
else
	echo "not ok - threads: the duplicate across the cut is not reported"
fi
exit 0
