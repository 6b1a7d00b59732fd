#!/bin/sh
# statfile.sh - SPSS (.sav .zsav .por), Stata (.dta) and SAS (.sas7bdat)
# input.  The fixtures are made here from known CSV data with ReadStat's
# writer API (tests/tools/mkstat.c, built by this script), then read back:
# dyad stats gives byte for byte the statistics of the CSV, dyad convert
# gives back the CSV's rows, value labels become their text, SPSS
# user-missing values and ranges, system-missing and Stata's .a-.z count as
# missing scores in the flow, row messages say "case N", and a broken file
# is "FILE: message" with exit 1.  The committed files made with R haven
# (tests/fixtures/, see its README) are read too.
# Prints "ok - ..." / "not ok - ..." / "skip - ..." lines.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
DYAD=$TOP/dyad
CC=${CC:-cc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dyad-stat.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
failed=0

ok()   { echo "ok - $1"; }
bad()  { echo "not ok - $1"; failed=1; }
skip() { echo "skip - $1"; }

if ! "$CC" -std=c17 -D_POSIX_C_SOURCE=200809L -o "$tmp/mkstat" \
    "$TOP/tests/tools/mkstat.c" -lreadstat > "$tmp/cc.log" 2>&1; then
	bad "build tests/tools/mkstat.c with ReadStat (libreadstat-dev)"
	sed 's/^/# /' "$tmp/cc.log"
	exit 1
fi
MK=$tmp/mkstat
cd "$tmp" || exit 1

# same LABEL FILE1 FILE2: byte for byte
same() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		bad "$1"
		diff "$2" "$3" | head -5 | cut -c1-200 | sed 's/^/# /'
	fi
}

# ---- round trip: every format against the CSV path --------------------
# cpp.csv: 2296 assessments; timepoint and site become labelled numbers,
# date a numeric date of each format; .dta keeps the score as a float.
cp "$TOP/examples/cpp.csv" cpp.csv
"$DYAD" stats -f csv cpp.csv > ref.stats 2>/dev/null
"$DYAD" stats --flow -f csv cpp.csv > ref.flow 2>/dev/null
"$DYAD" convert cpp.csv -o ref.conv 2>/dev/null
# POR names have at most 8 letters and no underscore: the --col mapping
sed '1s/.*/FAMILY,CHILD,CAREGVR,SITE,MEASURE,TP,DATE,SCORE/' cpp.csv > cppr.csv
POR_COLS="--col child_id=CHILD --col caregiver_id=CAREGVR --col family_id=FAMILY --col timepoint=TP"
$MK sav cpp.sav cpp.csv label:timepoint label:site date:date &&
$MK zsav cpp.zsav cpp.csv label:timepoint label:site date:date &&
$MK por cpp.por cppr.csv label:TP label:SITE date:DATE &&
$MK dta cpp.dta cpp.csv label:timepoint label:site date:date float:score &&
$MK sas7bdat cpp.sas7bdat cpp.csv date:date ||
	bad "mkstat could not write the fixtures"
for f in cpp.sav cpp.zsav cpp.por cpp.dta cpp.sas7bdat; do
	[ -s "$f" ] || { bad "$f was not written"; continue; }
	opts=
	[ "$f" = cpp.por ] && opts=$POR_COLS
	# shellcheck disable=SC2086
	"$DYAD" stats -f csv $opts "$f" > "$f.stats" 2> "$f.err"
	same "$f: dyad stats -f csv equals the CSV's byte for byte" ref.stats "$f.stats"
	# shellcheck disable=SC2086
	"$DYAD" stats --flow -f csv $opts "$f" > "$f.flow" 2>/dev/null
	same "$f: dyad stats --flow equals the CSV's" ref.flow "$f.flow"
	# shellcheck disable=SC2086
	"$DYAD" convert $opts "$f" -o "$f.csv" 2> "$f.err"
	same "$f: dyad convert gives the rows of dyad convert on the CSV" ref.conv "$f.csv"
	"$DYAD" stats -f csv "$f.csv" > "$f.csv.stats" 2>/dev/null
	same "$f: dyad stats -f csv on the converted CSV equals the CSV's" ref.stats "$f.csv.stats"
done
# the reader by --input-format, whatever the name
cp cpp.sav cpp.data
"$DYAD" stats -f csv --input-format sav cpp.data > data.stats 2>/dev/null
same "--input-format sav reads a file by another name" ref.stats data.stats
"$DYAD" stats -f csv --input-format csv cpp.csv > csv.stats 2>/dev/null
same "--input-format csv" ref.stats csv.stats
# upper-case extension
cp cpp.dta CPP.DTA
"$DYAD" stats -f csv CPP.DTA > upper.stats 2>/dev/null
same "the extension is read in any case (.DTA)" ref.stats upper.stats

# ---- wide shape ---------------------------------------------------------
cp "$TOP/examples/wide.csv" wide.csv
"$DYAD" stats --wide -f csv wide.csv > wide.ref 2>/dev/null
$MK sav wide.sav wide.csv label:site
$MK dta wide.dta wide.csv
for f in wide.sav wide.dta; do
	"$DYAD" stats --wide -f csv "$f" > "$f.stats" 2>/dev/null
	same "$f: --wide equals the wide CSV's statistics" wide.ref "$f.stats"
done
"$DYAD" convert --wide wide.sav -o wide.conv 2>/dev/null
"$DYAD" convert --wide wide.csv -o wide.conv.ref 2>/dev/null
same "wide.sav: dyad convert --wide writes the long rows of the wide CSV" \
    wide.conv.ref wide.conv

# ---- value labels, missing values, case numbers ---------------------------
cat > lab.csv <<'CSV'
child_id,caregiver_id,site,measure,timepoint,date,score
C1,G1,North,CESD,intake,2025-01-10,20
C1,G1,North,CESD,discharge,2025-06-10,12
C2,G2,South,CESD,intake,2025-01-11,999
C2,G2,South,CESD,discharge,2025-06-11,
C3,G3,South,CESD,intake,2025-01-12,997
C3,G3,South,CESD,discharge,2025-06-12,9
C4,G4,North,CESD,intake,2025-01-13,70
C4,G4,North,CESD,discharge,2025-06-13,14
C5,G5,North,CESD,intake,2025-01-14,25
C5,G5,North,CESD,discharge,2025-06-14,18
CSV
# What the CSV path sees when those codes are missing: empty scores.
sed -e 's/,999$/,/' -e 's/,997$/,/' lab.csv > lab.blank.csv
# SPSS: 999 a user-missing value (labelled "refused"), 997-998 a missing
# range, an empty cell system-missing; 20 carries a value label on the
# score, which must stay the number 20.
$MK sav lab.sav lab.csv label:timepoint label:site date:date \
    missing:score=999 range:score=997:998 vlabel:score=20:twenty
"$DYAD" convert --skip-bad lab.sav -o lab.conv 2> lab.err
if sed -n 2p lab.conv | grep -q '^C1,G1,,North,CESD,intake,2025-01-10,20$'; then
	ok "lab.sav: timepoint 1 is read as its label 'intake', site 1 as 'North', the date as 2025-01-10, the labelled score as 20"
else
	bad "lab.sav: labels and dates: $(sed -n 2p lab.conv)"
fi
"$DYAD" stats --skip-bad --flow -f csv lab.sav > lab.sav.flow 2> lab.sav.err
"$DYAD" stats --skip-bad --flow -f csv lab.blank.csv > lab.ref.flow 2>/dev/null
same "lab.sav: user-missing (999, 997..998) and system-missing scores are missing scores in the flow" \
    lab.ref.flow lab.sav.flow
miss=$(python3 -c 'import csv,sys
r = next(csv.DictReader(open(sys.argv[1])))
print(r["excluded_missing_score"])' lab.sav.flow 2>/dev/null)
if [ "$miss" = 3 ]; then
	ok "lab.sav: the flow counts 3 missing scores"
else
	bad "lab.sav: excluded_missing_score is '$miss', want 3"
fi
if grep -q "^lab.sav: case 7: column 'score': 70 is" lab.sav.err; then
	ok "lab.sav: a row message names the case: lab.sav: case 7: ..."
else
	bad "lab.sav: case message: $(head -2 lab.sav.err)"
fi
# Stata: .a and .b (tagged missing) and an empty cell (system missing)
sed -e 's/,999$/,.a/' -e 's/,997$/,.b/' lab.csv > lab.tagged.csv
$MK dta lab.dta lab.tagged.csv label:timepoint label:site date:date
"$DYAD" stats --skip-bad --flow -f csv lab.dta > lab.dta.flow 2>/dev/null
same "lab.dta: Stata .a, .b and . are missing scores in the flow" \
    lab.ref.flow lab.dta.flow
# SAS and SPSS portable: system missing
$MK sas7bdat lab.sas7bdat lab.blank.csv date:date
"$DYAD" stats --skip-bad --flow -f csv lab.sas7bdat > lab.sas.flow 2>/dev/null
same "lab.sas7bdat: SAS missing values are missing scores in the flow" \
    lab.ref.flow lab.sas.flow
# duplicates across cases say "case" too
sed -n '1,3p' lab.csv > dup.csv
echo 'C1,G1,North,CESD,intake,2025-01-10,21' >> dup.csv
$MK sav dup.sav dup.csv label:timepoint
"$DYAD" validate dup.sav > /dev/null 2> dup.err
if grep -q '^dup.sav: case 3: .*duplicate of case 1 ' dup.err; then
	ok "dup.sav: a duplicate names the earlier case"
else
	bad "dup.sav: duplicate message: $(head -2 dup.err)"
fi

# ---- files made by R haven (tests/fixtures/README.md) --------------------
for f in haven.sav haven.dta; do
	fx=$TOP/tests/fixtures/$f
	if [ ! -f "$fx" ]; then
		skip "tests/fixtures/$f is missing"
		continue
	fi
	"$DYAD" convert --skip-bad "$fx" > "$f.conv" 2> "$f.err"
	same "tests/fixtures/$f (R haven): labels, dates and missing values as in haven.expected.csv" \
	    "$TOP/tests/fixtures/haven.expected.csv" "$f.conv"
done

# ---- errors ---------------------------------------------------------------
head -c 200 cpp.sav > broken.sav
"$DYAD" stats broken.sav > /dev/null 2> broken.err
rc=$?
if [ $rc -eq 1 ] && grep -q '^broken.sav: [a-z].* (read as an SPSS .sav file)$' broken.err; then
	ok "a broken .sav: '$(cat broken.err)', exit 1"
else
	bad "a broken .sav: exit $rc, '$(cat broken.err)'"
fi
printf 'this is not a Stata file' > junk.dta
"$DYAD" convert junk.dta > /dev/null 2> junk.err
rc=$?
if [ $rc -eq 1 ] && grep -q '^junk.dta: [a-z]' junk.err; then
	ok "a .dta that is not Stata: '$(cat junk.err)', exit 1"
else
	bad "junk.dta: exit $rc, '$(cat junk.err)'"
fi
"$DYAD" stats missing.sav > /dev/null 2> missing.err
rc=$?
if [ $rc -eq 1 ] && grep -q '^dyad: missing.sav: No such file or directory$' missing.err; then
	ok "a missing .sav: exit 1"
else
	bad "missing.sav: exit $rc, '$(cat missing.err)'"
fi
"$DYAD" stats --input-format sav < cpp.sav > /dev/null 2> stdin.err
rc=$?
if [ $rc -eq 2 ] && grep -q 'standard input can only be CSV' stdin.err; then
	ok "--input-format sav from standard input: a usage error"
else
	bad "stdin sav: exit $rc, '$(cat stdin.err)'"
fi
"$DYAD" stats --input-format xls cpp.csv > /dev/null 2> fmt.err
rc=$?
if [ $rc -eq 2 ] && grep -q "input-format is csv, sav, zsav, por, dta or sas7bdat, not 'xls'" fmt.err; then
	ok "--input-format xls: a usage error"
else
	bad "--input-format xls: exit $rc, '$(head -1 fmt.err)'"
fi
exit $failed
