#!/bin/sh
# demo.sh - what 'make demo' runs: check the shipped example data, describe
# it, and say where the output went.  POSIX sh; run from anywhere.
set -u
cd "$(dirname "$0")/.." || exit 1
DYAD=${DYAD:-./dyad}
DATA=examples/cpp.csv
OUT=examples/out

if [ ! -x "$DYAD" ]; then
	echo "demo: $DYAD is not built; run 'make demo'" >&2
	exit 1
fi
mkdir -p "$OUT" || exit 1

echo "== dyad demo: $DATA"
echo "Synthetic assessments of a CPP program (see examples/README.md)."
echo

# 1. Check every row.  Problems would go to validate.err, one per line.
echo "$ dyad validate $DATA"
"$DYAD" validate "$DATA" > "$OUT/validate.txt" 2> "$OUT/validate.err"
rc=$?
cat "$OUT/validate.txt"
if [ $rc -ne 0 ]; then
	cat "$OUT/validate.err" >&2
	echo "demo: dyad validate found problems (exit $rc)" >&2
	exit 1
fi
"$DYAD" validate -f json "$DATA" > "$OUT/validate.json" 2>/dev/null || exit 1
echo

# 2. What was measured: the catalog rows of the measures in the data.
"$DYAD" instruments -f tsv > "$OUT/instruments.tsv" || exit 1
echo "Measures in the data (from 'dyad instruments'):"
cut -d, -f5 "$DATA" | sed 1d | sort -u > "$OUT/measures.list"
awk -F '\t' 'NR == FNR { want[$1] = 1; next }
    FNR == 1 || ($1 in want) {
	printf "  %-11s %-7s %-21s %-17s %s\n", $1, $3, $4, $5, $2
    }' "$OUT/measures.list" "$OUT/instruments.tsv" > "$OUT/measures.txt"
rm -f "$OUT/measures.list"
cat "$OUT/measures.txt"
echo

# 3. Who is in it.
awk -F, 'NR > 1 {
	child[$2] = 1; if ($3 != "") care[$3] = 1; site[$4] = 1; tp[$6]++
    }
    END {
	for (k in child) nc++; for (k in care) ng++; for (k in site) ns++
	printf "%d children, %d caregivers, %d sites; rows at intake %d, " \
	    "mid %d, discharge %d\n", nc, ng, ns, tp["intake"], tp["mid"],
	    tp["discharge"]
    }' "$DATA" | tee "$OUT/people.txt"
echo

echo "Output is in $OUT/:"
echo "  validate.txt     the validation summary (validate.json: the same as JSON)"
echo "  validate.err     the problems found, one per line (empty: none)"
echo "  instruments.tsv  the whole instrument catalog"
echo "  measures.txt     the instruments used in $DATA"
echo "  people.txt       children, caregivers, sites and rows per timepoint"
echo "Next: 'man ./man/dyad.1', or 'sh examples/pipelines.sh' for more ways to use it."
