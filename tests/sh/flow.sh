#!/bin/sh
# flow.sh - dyad stats --flow accounts for every input row: per record the
# reasons add up to its rows, and all records plus the rows that belong to no
# measure add up to the rows read.  One measure's flow is checked by hand.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
REF=$TOP/tests/ref
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A file with every kind of problem, analysed with --skip-bad.
cat > "$tmp/bad.csv" <<'CSV'
child_id,caregiver_id,measure,timepoint,date,score
A1,G1,CESD,intake,2025-01-10,20
A1,G1,CESD,discharge,2025-06-10,12
A2,G2,CESD,intake,2025-01-11,99
A2,G2,CESD,discharge,2025-06-11,10
A3,G3,CESD,intake,2025-02-30,18
A3,G3,CESD,discharge,2025-07-01,11
A4,G4,CESD,intake,2025-01-12,15
A4,G4,CESD,intake,2025-01-12,16
A4,G4,CESD,discharge,2025-06-12,9
A5,G5,CESD,intake,2025-01-13,x
A5,G5,CESD,discharge,2025-06-13,
A6,G6,CESD,mid,2025-03-13,14
A6,G6,XYZ,intake,2025-01-13,3
A7,G7,CESD,intake,2025-01-14,17,extra
A8,G8,CESD,intake,2025-01-14,17
A8,G8,CESD,intake,2025-01-14,17
CSV
check() {   # check NAME FILE [dyad options]: the flow of FILE adds up
	name=$1 file=$2; shift 2
	if ! "$TOP/dyad" stats --flow -f csv "$@" "$file" > "$tmp/out.csv" 2> "$tmp/err"; then
		echo "not ok - flow $name: dyad failed: $(head -2 "$tmp/err")"
		return
	fi
	python3 - "$tmp/out.csv" "$file" "$tmp/err" "$name" <<'PY'
import csv, re, sys
out, data, err, name = sys.argv[1:5]
rows = list(csv.DictReader(open(out)))
reasons = [c for c in rows[0] if c.startswith("excluded_") or c == "rows_used"]
bad = [r["measure"] for r in rows if sum(int(r[c]) for c in reasons) != int(r["rows"])]
total = sum(int(r["rows"]) for r in rows)
m = re.search(r"(\d+) rows? belong to no measure", open(err).read())
total += int(m.group(1)) if m else 0
nread = sum(1 for _ in csv.reader(open(data))) - 1
print(("ok" if not bad else "not ok") + f" - flow {name}: reasons add up per record {bad or ''}")
print(("ok" if total == nread else "not ok") + f" - flow {name}: {total} rows accounted for, {nread} read")
PY
}
check crafted "$REF/crafted.input.csv" --catalog-add "$REF/extra_catalog.csv"
check cpp "$REF/cpp.input.csv"
check waves-first-last "$REF/waves.input.csv" --pre first --post last
check waves-period "$REF/waves.input.csv" --from 2025-01-01 --to 2025-06-30
check bad-rows "$tmp/bad.csv" --skip-bad

# T_MISS by hand: intake M1 5, M2 -, M3 7; discharge M1 4, M2 6, M3 -, M1 -,
# M4 3.  Used: M1 intake+discharge (2); missing: M2 intake, M3 discharge,
# M1's empty discharge (3); no post: M3 intake (1); no pre: M2, M4 (2).
"$TOP/dyad" stats --flow -f csv --measure T_MISS --catalog-add "$REF/extra_catalog.csv" \
    "$REF/crafted.input.csv" | python3 -c '
import csv, sys
r = next(csv.DictReader(sys.stdin))
got = [r[k] for k in ("rows", "rows_used", "excluded_missing_score", "excluded_no_post", "excluded_no_pre", "n_pre", "n_post")]
want = ["8", "2", "3", "1", "2", "2", "3"]
print(("ok" if got == want else "not ok") + " - flow T_MISS by hand", "" if got == want else f"got {got} want {want}")'

# bad.csv by hand (CESD rows): used A1 x2 (2); out of range A2 intake 99 (1);
# no pre A2 discharge (1); bad date A3 intake (1); no pre A3 discharge (1);
# duplicate A4 intake x2 (2); no pre A4 discharge (1); bad number A5 intake
# (1); missing A5 discharge (1); other timepoint A6 mid (1); A7 ragged and
# A6 XYZ belong to no measure; A8 intake + its repeat (no post 1, repeated 1).
"$TOP/dyad" stats --flow -f csv --skip-bad "$tmp/bad.csv" 2>/dev/null | python3 -c '
import csv, sys
r = next(csv.DictReader(sys.stdin))
keys = ("rows", "rows_used", "excluded_out_of_range", "excluded_no_pre", "excluded_bad_date", "excluded_duplicate", "excluded_bad_number", "excluded_missing_score", "excluded_other_timepoint", "excluded_no_post", "excluded_repeated")
got = [r[k] for k in keys]
want = ["14", "2", "1", "3", "1", "2", "1", "1", "1", "1", "1"]
print(("ok" if got == want else "not ok") + " - flow bad rows by hand", "" if got == want else f"got {dict(zip(keys, got))}")'
if "$TOP/dyad" stats "$tmp/bad.csv" > /dev/null 2>&1; then
	echo "not ok - stats refuses bad rows without --skip-bad"
else
	echo "ok - stats refuses bad rows without --skip-bad"
fi
