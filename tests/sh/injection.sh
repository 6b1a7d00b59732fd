#!/bin/sh
# injection.sh - hostile labels, site names, titles and file names in every
# output (issue 8):
#   (a) gnuplot: 'dyad plot KIND --script' for every kind, with a site
#       x"; system("touch .../pwned-$$"); " and labels holding backquotes and
#       $(...), runs nothing when gnuplot runs it, and neither does rendering
#       to SVG (whose text holds no <script> element);
#   (b) HTML (report): every hostile text shows as text (entities), no
#       element of ours comes from the data, the embedded charts hold none;
#   (c) Markdown (stats, change, waves -f markdown, report.md): every table
#       row has as many cell separators as its header, and no row goes on
#       past a line break, although labels and ids hold | and line breaks;
#   (d) CSV/TSV with --csv-safe (stats, change, waves): a site
#       =HYPERLINK("http://x") comes out as "'=HYPERLINK(""http://x"")" (TSV:
#       '=HYPERLINK("http://x")), numbers (negative ones too) stay numbers,
#       and without --csv-safe the text is kept as it is;
#   (e) JSON (stats, change, waves, validate, convert, instruments -f json):
#       valid (python3 -m json.tool) with control characters and invalid
#       UTF-8 in identifiers and labels; groups decode to the text with
#       U+FFFD for the invalid bytes; invalid UTF-8 in an id is reported
#       as \xNN, not mangled.
# Prints "ok - ..." / "not ok - ..." / "skip - ..." lines; run from any cwd.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
DYAD=${DYAD:-$TOP/dyad}
failed=0
LC_ALL=C
export LC_ALL
unset DYAD_GNUPLOT

ok()   { echo "ok - $1"; }
bad()  { echo "not ok - $1"; failed=1; }
skip() { echo "skip - $1"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dyad-injection.XXXXXX") || exit 1
PWNED=/tmp/pwned-$$
trap 'rm -rf "$tmp"; rm -f "$PWNED"*' EXIT
trap 'exit 1' HUP INT TERM
rm -f "$PWNED"*

if [ ! -x "$DYAD" ]; then
	bad "$DYAD is not built"
	exit 1
fi
if ! command -v python3 >/dev/null 2>&1; then
	skip "python3 is not installed: no hostile data, no checks"
	exit 0
fi
have_gnuplot=false
command -v gnuplot >/dev/null 2>&1 && have_gnuplot=true
exists() {
	"$DYAD" help "$1" >/dev/null 2>&1
}

# ---- hostile data ------------------------------------------------------------
"$DYAD" simulate --children 40 --sites 3 --seed 11 -o "$tmp/sim.csv" ||
	bad "simulate"
# sites: a spreadsheet formula, a gnuplot string breakout, HTML and pipes
# with a backquote; extra column 'clinic' with control characters and
# invalid UTF-8; some child ids with control characters
PWNED=$PWNED python3 - "$tmp" <<'PY'
import csv, os, sys
tmp = sys.argv[1]
pw = os.environ["PWNED"].encode()
rows = list(csv.reader(open(tmp + "/sim.csv", newline="")))
sites = {
    "Site 1": b'=HYPERLINK("http://x")',
    "Site 2": b'x"; system("touch ' + pw + b'"); "',
    "Site 3": b"<script>alert(1)</script>|a|`touch " + pw + b"-bq` $(touch "
              + pw + b"-dollar)",
}
clinics = [b"bad\xff\xfeutf8", b"ctl\x01\x1b[31m\t\x7fx",
           'caf\u00e9 "q" \\ /'.encode(), b"\xed\xa0\x80surrogate"]
def q(b):
    return b'"' + b.replace(b'"', b'""') + b'"'
with open(tmp + "/hostile.csv", "wb") as h, open(tmp + "/ctl.csv", "wb") as j:
    h.write(",".join(rows[0]).encode() + b"\n")
    j.write(",".join(rows[0]).encode() + b",clinic\n")
    for i, r in enumerate(rows[1:]):
        f = [x.encode() for x in r]
        f[3] = sites.get(r[3], f[3])
        if r[1] == "C00002":
            f[1] = b"C|2 `touch " + pw + b"-id` <b>\nx\\"
        h.write(b",".join(q(x) for x in f) + b"\n")
        f = [x.encode() for x in r]
        if i % 7 == 0:
            f[1] += b"\x01\x1f"
        j.write(b",".join(q(x) for x in f) + b"," + q(clinics[i % 4]) + b"\n")
# a catalog row for CESD whose label holds shell, gnuplot, HTML and
# Markdown syntax and a line break
with open(tmp + "/hostile-catalog.csv", "wb") as c:
    c.write(b"code,label,subject,domain,direction,min,max,reliability,"
            b"norm_mean,norm_sd,clin_mean,clin_sd,cutoff,transform,source,"
            b"unit\n")
    c.write(b'CESD,"CES-D `touch ' + pw + b'-label` $(touch ' + pw +
            b'-ldollar) ""q"" <b>|x|</b> &amp; line\nbreak \\",parent,mood,'
            b"lower_is_better,0,60,0.85,,,,,16,none,src <i>,raw | score\n")
PY
# a file name that is all of that too (no slash: it is one name)
F='x"; system("touch pwned-file"); "<b>|x|<i> `touch pwned-fbq` $(touch pwned-fd).csv'
cp "$tmp/hostile.csv" "$tmp/$F"
CAT="--catalog-add $tmp/hostile-catalog.csv"
TITLE='T `touch '"$PWNED"'-title` $(touch '"$PWNED"'-tdollar) "q" <script>alert(2)</script> | x'

# pwned DIR: print what the hostile texts would have created, if anything
pwned() {
	ls -d "$PWNED"* "$1"/pwned* 2>/dev/null
}

# ---- (a) gnuplot runs nothing -------------------------------------------
if exists plot; then
	mkdir -p "$tmp/gp"
	for kind in prepost forest jt change trajectory; do
		case $kind in
		jt) a="--measure CESD" ;;
		*)  a="--by site" ;;
		esac
		(cd "$tmp/gp" && "$DYAD" plot "$kind" $a $CAT --title "$TITLE" \
		    --script "$tmp/$F") > "$tmp/gp/$kind.gp" 2> "$tmp/err"
		rc=$?
		if [ $rc -ne 0 ]; then
			bad "plot $kind --script: exit $rc: $(head -2 "$tmp/err")"
			continue
		fi
		if ! grep -q 'pwned' "$tmp/gp/$kind.gp"; then
			bad "plot $kind --script: the hostile text is not in the script"
			continue
		fi
		if ! $have_gnuplot; then
			ok "plot $kind --script: written (gnuplot not installed: not run)"
			continue
		fi
		(cd "$tmp/gp" && gnuplot "$kind.gp") > /dev/null 2> "$tmp/err"
		rc=$?
		p=$(pwned "$tmp/gp")
		if [ $rc -eq 0 ] && [ -z "$p" ]; then
			ok "plot $kind --script: gnuplot runs it and nothing else"
		else
			bad "plot $kind --script: gnuplot exit $rc, created: $p $(head -2 "$tmp/err")"
		fi
		(cd "$tmp/gp" && "$DYAD" plot "$kind" $a $CAT --title "$TITLE" \
		    -o "$tmp/gp/$kind.svg" "$tmp/$F") > /dev/null 2> "$tmp/err"
		rc=$?
		p=$(pwned "$tmp/gp")
		if [ $rc -eq 0 ] && [ -z "$p" ] && ! grep -q '<script' "$tmp/gp/$kind.svg" &&
		    grep -q 'pwned' "$tmp/gp/$kind.svg"; then
			ok "plot $kind -o svg: runs nothing; the texts are text in the SVG"
		else
			bad "plot $kind -o svg: exit $rc, created: $p $(head -2 "$tmp/err")"
		fi
	done
else
	skip "dyad plot does not exist yet"
fi

# ---- (b) HTML shows text -------------------------------------------------
if exists report; then
	charts=
	$have_gnuplot || charts=--no-charts
	(cd "$tmp/gp" && "$DYAD" report $charts --by site $CAT --title "$TITLE" \
	    --program 'P <img src=x onerror=alert(3)>' --funder 'F "q" & co' \
	    -o "$tmp/r.html" "$tmp/$F") > /dev/null 2> "$tmp/err"
	rc=$?
	h=$tmp/r.html
	raw=
	for s in '<script' '<img src=x' '<b>|x|' '<i>' 'onerror=alert(3)>'; do
		grep -q -F -- "$s" "$h" && raw="$raw '$s'"
	done
	shown=
	for s in '&lt;script&gt;alert(1)&lt;/script&gt;' \
	    '&lt;script&gt;alert(2)&lt;/script&gt;' \
	    '&lt;img src=x onerror=alert(3)&gt;' '&lt;b&gt;|x|&lt;/b&gt;' \
	    'F &quot;q&quot; &amp; co' 'system(&quot;touch pwned-file&quot;)'; do
		grep -q -F -- "$s" "$h" || shown="$shown '$s'"
	done
	charts_bad=0
	for p in $(grep -o 'base64,[A-Za-z0-9+/=]*' "$h" | sed 's/^base64,//'); do
		printf '%s\n' "$p" | base64 -d 2>/dev/null | grep -q '<script' &&
			charts_bad=$((charts_bad + 1))
	done
	p=$(pwned "$tmp/gp")
	if [ $rc -ne 0 ]; then
		bad "report (HTML): exit $rc: $(head -2 "$tmp/err")"
	elif [ -n "$raw" ] || [ -n "$shown" ] || [ $charts_bad -ne 0 ] ||
	    [ -n "$p" ]; then
		bad "report (HTML): raw:$raw; not shown as text:$shown; charts with <script>: $charts_bad; created: $p"
	else
		ok "report (HTML): hostile titles, labels, sites and file name show as text"
	fi
else
	skip "dyad report does not exist yet"
fi

# ---- (c) Markdown tables keep their shape ------------------------------
# shape FILE: print what is wrong, nothing when every table is whole
shape() {
	awk '
	function seps(s) {
		gsub(/\\\\/, "", s)     # an escaped backslash
		gsub(/\\\|/, "", s)     # an escaped pipe
		return gsub(/\|/, "", s)
	}
	/^\|/ {
		n = seps($0)
		if (!intable) { want = n; intable = 1 }
		else if (n != want)
			printf "line %d: %d separators, header %d\n", NR, n, want
		next
	}
	{
		# a row cut by a line break goes on here (prose elsewhere may
		# say |RCI|)
		if (intable && seps($0) > 0)
			printf "line %d: a table row goes on here\n", NR
		intable = 0
	}' "$1"
}
md_check() {   # LABEL FILE RC ERRFILE
	if [ "$3" -ne 0 ]; then
		bad "$1: exit $3: $(head -2 "$4")"
	elif ! grep -q 'pwned' "$2"; then
		bad "$1: the hostile text is not in the output"
	elif [ -n "$(shape "$2")" ]; then
		bad "$1: $(shape "$2" | head -3)"
	else
		ok "$1: every table row keeps its shape"
	fi
}
for a in "stats --by site" "change --by site" "waves --by site"; do
	c=${a%% *}
	exists "$c" || { skip "dyad $c does not exist yet"; continue; }
	"$DYAD" $a -f markdown $CAT "$tmp/$F" > "$tmp/m.md" 2> "$tmp/err"
	md_check "$a -f markdown" "$tmp/m.md" $? "$tmp/err"
done
if exists report; then
	(cd "$tmp/gp" && "$DYAD" report ${charts:-} --by site $CAT \
	    --title "$TITLE" -o "$tmp/r.md" "$tmp/$F") > /dev/null 2> "$tmp/err"
	md_check "report (Markdown)" "$tmp/r.md" $? "$tmp/err"
fi

# ---- (d) spreadsheet formulas neutralised --------------------------------
for a in "stats --by site" "change" "waves --by site"; do
	c=${a%% *}
	exists "$c" || continue
	"$DYAD" $a -f csv --csv-safe "$tmp/hostile.csv" > "$tmp/safe.csv" \
	    2> "$tmp/err"
	rc=$?
	"$DYAD" $a -f csv "$tmp/hostile.csv" > "$tmp/plain.csv" 2>/dev/null
	"$DYAD" $a -f tsv --csv-safe "$tmp/hostile.csv" > "$tmp/safe.tsv" \
	    2>/dev/null
	if [ $rc -ne 0 ]; then
		bad "$a --csv-safe: exit $rc: $(head -2 "$tmp/err")"
	elif ! grep -q -F '"'"'"'=HYPERLINK(""http://x"")"' "$tmp/safe.csv"; then
		bad "$a -f csv --csv-safe: no \"'=HYPERLINK(\"\"http://x\"\")\""
	elif grep -q -F '"=HYPERLINK' "$tmp/safe.csv"; then
		bad "$a -f csv --csv-safe: a formula left as it is"
	elif grep -q ",'-[0-9]" "$tmp/safe.csv" || { [ "$c" != waves ] &&
	    ! grep -q ',-[0-9]' "$tmp/safe.csv"; }; then
		bad "$a -f csv --csv-safe: negative numbers are not plain numbers"
	elif ! grep -q -F '"=HYPERLINK(""http://x"")"' "$tmp/plain.csv"; then
		bad "$a -f csv: without --csv-safe the site is not kept as it is"
	elif ! grep -q -F "	'=HYPERLINK(\"http://x\")	" "$tmp/safe.tsv"; then
		bad "$a -f tsv --csv-safe: no '=HYPERLINK(\"http://x\")"
	else
		ok "$a --csv-safe: formulas neutralised in CSV and TSV, numbers kept"
	fi
done
if exists report; then
	if "$DYAD" report --help 2>&1 | grep -q -i 'csv'; then
		skip "report: CSV attachments are not checked here yet"
	else
		skip "report writes no CSV attachments (nothing to neutralise)"
	fi
fi

# ---- (e) JSON stays valid ---------------------------------------------------
for a in "stats --by clinic" "change --by clinic" "waves --by clinic" \
    "validate" "convert" "instruments"; do
	c=${a%% *}
	exists "$c" || { skip "dyad $c does not exist yet"; continue; }
	if [ "$c" = instruments ]; then
		"$DYAD" instruments -f json $CAT > "$tmp/o.json" 2> "$tmp/err"
	else
		"$DYAD" $a -f json $CAT "$tmp/ctl.csv" > "$tmp/o.json" 2> "$tmp/err"
	fi
	rc=$?
	if [ $rc -ne 0 ]; then
		bad "$a -f json: exit $rc: $(head -2 "$tmp/err")"
	elif ! python3 -m json.tool "$tmp/o.json" > /dev/null 2> "$tmp/err"; then
		bad "$a -f json: not JSON: $(head -1 "$tmp/err")"
	else
		ok "$a -f json: valid with control characters and invalid UTF-8"
	fi
done
if exists stats; then
	"$DYAD" stats --by clinic -f json "$tmp/ctl.csv" 2>/dev/null |
	    python3 -c '
import json, sys
want = {"bad\ufffd\ufffdutf8", "ctl\x01\x1b[31m\t\x7fx", "caf\u00e9 \"q\" \\ /",
        "\ufffd\ufffd\ufffdsurrogate"}
got = {r.get("group") for r in json.load(sys.stdin)}
sys.exit(0 if want <= got else 1)' &&
	    ok "stats -f json: groups decode to their text (U+FFFD for invalid bytes)" ||
	    bad "stats -f json: groups do not decode to their text"
fi
if exists validate; then
	printf 'child_id,measure,timepoint,score\nc\3771,CESD,intake,10\nc2,CESD,intake,11\n' \
	    > "$tmp/badid.csv"
	"$DYAD" validate -f json "$tmp/badid.csv" > "$tmp/o.json" 2> "$tmp/err"
	rc=$?
	if [ $rc -eq 1 ] && python3 -m json.tool "$tmp/o.json" > /dev/null &&
	    grep -q -F 'badid.csv:2: column '"'"'child_id'"'"': "c\xff1" is not valid UTF-8 text' \
	    "$tmp/err"; then
		ok "validate: invalid UTF-8 in an id is reported as \\xff, JSON valid"
	else
		bad "validate: invalid UTF-8 id: exit $rc: $(head -2 "$tmp/err")"
	fi
fi

p=$(pwned "$tmp/gp")
[ -z "$p" ] || bad "something ran: $p"
exit $failed
