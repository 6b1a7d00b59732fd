#!/bin/sh
# demo.sh - what 'make demo' runs: check the shipped example data, then
# write the funder report from it and say where it went.  POSIX sh.
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
echo

# 2. The statistics, for the evaluator.
echo "$ dyad stats $DATA"
"$DYAD" stats "$DATA" | tee "$OUT/stats.txt" || exit 1
"$DYAD" stats --flow -f csv -o "$OUT/stats.csv" "$DATA" || exit 1
echo

# 3. The funder report, with sessions and a Jacobson-Truax chart.
echo "$ dyad report $DATA --sessions examples/sessions.csv --jt TSCYC_PTS -o $OUT/report.html"
"$DYAD" report "$DATA" --sessions examples/sessions.csv --jt TSCYC_PTS \
    --title "Child-Parent Psychotherapy outcomes" \
    --program "Example CPP program (synthetic data)" \
    --funder "Example funder" -o "$OUT/report.html" || exit 1
"$DYAD" report "$DATA" --sessions examples/sessions.csv --jt TSCYC_PTS \
    --title "Child-Parent Psychotherapy outcomes" \
    --program "Example CPP program (synthetic data)" \
    --funder "Example funder" -o "$OUT/report.md" || exit 1
echo
echo "Output is in $OUT/:"
echo "  report.html   the funder report: open it in a browser (prints to PDF)"
echo "  report.md     the same in Markdown, charts beside it (report.*.svg)"
echo "  stats.txt     the statistics per outcome (stats.csv: every key, with the flow)"
echo "  validate.txt  the validation summary"
echo "Report: $(pwd)/$OUT/report.html"
