#!/bin/sh
# xlsx.sh - the Excel workbooks of dyad stats, change and report, opened
# with python3's zipfile and parsed as XML (tests/sh/xlsx_check.py): cells
# equal the --format csv output (numbers as numeric cells with their number
# formats), every header row is frozen, the Notes sheet is there, and the
# report workbook suppresses exactly the cells the HTML report suppresses
# and holds no identifier of the input.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
DYAD=$TOP/dyad
CHECK=$TOP/tests/sh/xlsx_check.py
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dyad-xlsx.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
failed=0

ok()   { echo "ok - $1"; }
bad()  { echo "not ok - $1"; failed=1; }

DYAD_VERSION_LINE=$("$DYAD" --version)
export DYAD_VERSION_LINE
data=$TOP/examples/cpp.csv

run() {   # run LABEL COMMAND...: the command must succeed
	label=$1; shift
	if "$@" > "$tmp/out" 2> "$tmp/err"; then
		ok "$label"
	else
		bad "$label exits $?: $(head -3 "$tmp/err")"
	fi
}
py() {
	python3 "$CHECK" "$@" || failed=1
}

# ---- dyad stats -------------------------------------------------------
run "stats --flow -o results.xlsx" "$DYAD" stats --flow "$data" -o "$tmp/results.xlsx"
"$DYAD" stats --flow -f csv "$data" > "$tmp/stats.csv" 2>/dev/null
py stats "$tmp/results.xlsx" "$tmp/stats.csv"
run "stats --by site -o by.xlsx" "$DYAD" stats --by site "$data" -o "$tmp/by.xlsx"
"$DYAD" stats --by site -f csv "$data" > "$tmp/by.csv" 2>/dev/null
python3 - "$CHECK" "$tmp/by.xlsx" "$tmp/by.csv" <<'PY' || failed=1
import importlib.util, sys
spec = importlib.util.spec_from_file_location("c", sys.argv[1])
c = importlib.util.module_from_spec(spec); spec.loader.exec_module(c)
c.compare_csv(c.Book(sys.argv[2]), "statistics", sys.argv[3], "stats --by statistics")
sys.exit(c.failed)
PY
# a file that is not a workbook name is written as before
run "stats -o results.csv still writes CSV" "$DYAD" stats "$data" -o "$tmp/r.csv"
if head -c 8 "$tmp/r.csv" | grep -q '^measure'; then
	ok "stats -o results.csv: CSV text"
else
	bad "stats -o results.csv: not CSV"
fi

# ---- dyad change ------------------------------------------------------
run "change -o pairs.xlsx" "$DYAD" change "$data" -o "$tmp/pairs.xlsx"
"$DYAD" change -f csv "$data" > "$tmp/change.csv" 2>/dev/null
py change "$tmp/pairs.xlsx" "$tmp/change.csv"

# ---- dyad report ------------------------------------------------------
run "report --by site -o report.xlsx" "$DYAD" report --by site "$data" -o "$tmp/report.xlsx"
run "report --by site -o report.html" "$DYAD" report --no-charts --by site "$data" -o "$tmp/report.html"
py report "$tmp/report.xlsx" "$tmp/report.html" "$data"
# a smaller program: more cells under the threshold, and a stricter one
"$DYAD" simulate --children 40 --seed 11 -o "$tmp/small.csv" 2>/dev/null
run "report --min-cell 15 -o small.xlsx" "$DYAD" report --min-cell 15 "$tmp/small.csv" -o "$tmp/small.xlsx"
"$DYAD" report --no-charts --min-cell 15 "$tmp/small.csv" -o "$tmp/small.html" 2>/dev/null
py report "$tmp/small.xlsx" "$tmp/small.html" "$tmp/small.csv"

# ---- failures leave no file behind --------------------------------------
if "$DYAD" stats "$data" -o "$tmp/nodir/x.xlsx" > /dev/null 2> "$tmp/err"; then
	bad "stats -o into a missing directory should fail"
elif [ ! -e "$tmp/nodir/x.xlsx" ] && grep -q 'nodir/x.xlsx' "$tmp/err"; then
	ok "stats -o into a missing directory fails and names the file"
else
	bad "stats -o into a missing directory: $(cat "$tmp/err")"
fi
# more pairs than a worksheet has rows (Excel: 1,048,576 with the header):
# 140,000 simulated children give 1,078,528 (counted by dyad change -f csv
# | wc -l when this test was written); refused, exit 1, and no file
"$DYAD" simulate --children 140000 --seed 2 -o "$tmp/big.csv" 2>/dev/null
"$DYAD" change -q -o "$tmp/big.xlsx" "$tmp/big.csv" > /dev/null 2> "$tmp/err"
s=$?
if [ $s -eq 1 ] && [ ! -e "$tmp/big.xlsx" ] &&
    grep -q "1078528 rows and 19 columns do not fit in a worksheet" "$tmp/err"; then
	ok "change -o big.xlsx: 1,078,528 pairs are refused, no file"
else
	bad "change -o big.xlsx: exit $s, $(head -2 "$tmp/err")"
fi
rm -f "$tmp/big.csv"
if ls -a "$tmp" | grep -q '^\..*\.xlsx\.'; then
	bad "a temporary workbook was left behind: $(ls -a "$tmp")"
else
	ok "no temporary workbook is left behind"
fi
exit $failed
