#!/bin/sh
# report.sh - what dyad report promises beyond its golden tests: (a) no
# child, caregiver or family identifier anywhere in its output, charts
# included; (b) data-derived text escaped for HTML and Markdown; (c) the
# HTML needs nothing from outside; (d) Markdown charts beside the report;
# (e) a failed run changes nothing; (f) -o never overwrites an input; (g)
# the checksum it prints is the input's; (h) the chart paths under valgrind.
# Prints "ok - ..." / "not ok - ..." / "skip - ..." lines; run from any cwd.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
DYAD=${DYAD:-$TOP/dyad}
failed=0
LC_ALL=C
export LC_ALL

ok()   { echo "ok - $1"; }
bad()  { echo "not ok - $1"; failed=1; }
skip() { echo "skip - $1"; }
# check LABEL COMMAND...: ok when COMMAND succeeds
check() {
	label=$1; shift
	if "$@"; then ok "$label"; else bad "$label"; fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dyad-report.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

if [ ! -x "$DYAD" ]; then
	bad "$DYAD is not built"
	exit 1
fi

# Charts need gnuplot; without it every report is written with --no-charts
# and the chart checks are skipped.
if command -v "${DYAD_GNUPLOT:-gnuplot}" >/dev/null 2>&1; then
	charts=
else
	charts=--no-charts
	skip "gnuplot is not installed: reports without charts"
fi

# The base64 payloads of an HTML report's data URIs, one per line.
payloads() {
	grep -o 'base64,[A-Za-z0-9+/=]*' "$1" | sed 's/^base64,//'
}
# The HTML without those payloads (a payload could spell anything).
text_only() {
	sed 's/base64,[A-Za-z0-9+\/=]*/base64,/g' "$1"
}
# Decode every chart of HTML file $1 into $2.1.svg, $2.2.svg, ...; print
# how many.
decode_charts() {
	k=0
	payloads "$1" > "$2.b64"
	while IFS= read -r p; do
		k=$((k + 1))
		printf '%s\n' "$p" | base64 -d > "$2.$k.svg" 2>/dev/null ||
			bad "$1: chart $k is not valid base64"
	done < "$2.b64"
	echo $k
}

# ---- (a) identifiers absent ---------------------------------------------
a=$tmp/a
mkdir -p "$a"
"$DYAD" simulate --children 60 --seed 9 --sites 2 \
    --sessions "$a/sessions.csv" > "$a/sim.csv" || bad "simulate failed"
# every value of the three identifier columns, found by header name
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++)
		if ($i == "child_id" || $i == "caregiver_id" || $i == "family_id")
			c[i] = 1
		next }
	{ for (i in c) if ($i != "") print $i }' "$a/sim.csv" | sort -u > "$a/ids"
nids=$(wc -l < "$a/ids")
if [ "$nids" -ge 120 ] && grep -q '^C00001$' "$a/ids" &&
    grep -q '^G00001$' "$a/ids" && grep -q '^F00001$' "$a/ids"; then
	ok "simulate: $nids child, caregiver and family ids to look for"
else
	bad "simulate: only $nids ids found in $a/sim.csv"
fi
# sessions name children too: none of them may appear either
tail -n +2 "$a/sessions.csv" | cut -d, -f1 | sort -u >> "$a/ids"

"$DYAD" report $charts --sessions "$a/sessions.csv" --jt CESD --by site \
    -o "$a/report.html" "$a/sim.csv" 2> "$a/html.err"
check "(a) HTML report written (exit 0)" test -s "$a/report.html"
"$DYAD" report $charts --sessions "$a/sessions.csv" --jt CESD --by site \
    --min-cell 1 -o "$a/report.md" "$a/sim.csv" 2> "$a/md.err"
check "(a) Markdown report written (exit 0)" test -s "$a/report.md"

text_only "$a/report.html" > "$a/html.txt"
n=$(decode_charts "$a/report.html" "$a/html-chart")
if [ -z "$charts" ]; then
	check "(a) the HTML report embeds 3 charts (forest, prepost, jt), not $n" \
	    test "$n" -eq 3
	set -- "$a/html.txt" "$a"/html-chart.*.svg "$a/report.md" "$a"/report.*.svg
	check "(a) the Markdown report has 3 charts beside it" \
	    test $(ls "$a"/report.*.svg | wc -l) -eq 3
else
	set -- "$a/html.txt" "$a/report.md"
fi
for f in "$@"; do
	if grep -F -f "$a/ids" "$f" > "$a/hits"; then
		bad "(a) identifiers in $(basename "$f"): $(grep -o -F -f "$a/ids" "$f" | sort -u | head -5 | tr '\n' ' ')"
	else
		ok "(a) no identifier in $(basename "$f")"
	fi
done
# the check itself finds an identifier when there is one
printf 'x C00001 y\n' > "$a/probe"
check "(a) the identifier check finds C00001 in a probe file" \
    grep -q -F -f "$a/ids" "$a/probe"

# ---- (b) escaping ---------------------------------------------------------
b=$tmp/b
mkdir -p "$b"
# report-by-site's data with hostile site names, a hostile timepoint label
# (it is a cell of the timepoint table) and a measure whose catalog entry
# is hostile in every text column the report prints.
sed -e 's/,Gamma,/,<script>alert(1)<\/script>,/' \
    -e 's/,Beta,/,| x | *y* [z](u),/' \
    -e '/,G0[12],/s/,CESD,/,XSS_A,/' \
    "$TOP/tests/cli/report-by-site/input.csv" > "$b/in.csv"
printf 'F01,C01,G01,Alpha,CESD,| t | *u*,2024-05-01,20\n' >> "$b/in.csv"
head -1 "$TOP/lib/catalog.csv" > "$b/cat.csv"
printf '%s\n' 'XSS_A,"<img src=x onerror=alert(1)> | a *b* [c](d)",parent,"x</td><script>alert(2)</script>",lower_is_better,0,60,0.85,,,,,16,none,"[l](javascript:alert(3)) | <b>bold</b> & more",points' \
    >> "$b/cat.csv"
hostile="<b>&\"'"
for fmt in html md; do
	"$DYAD" report --no-charts --min-cell 1 --by site --catalog-add "$b/cat.csv" \
	    --title "$hostile" --program "$hostile" --funder "$hostile" \
	    -o "$b/report.$fmt" "$b/in.csv" 2> "$b/$fmt.err"
	check "(b) $fmt report with hostile names written (exit 0)" \
	    test -s "$b/report.$fmt"
done
h=$b/report.html
check "(b) HTML: the site <script> shows as text" \
    grep -q -F '&lt;script&gt;alert(1)&lt;/script&gt;' "$h"
check "(b) HTML: the catalog domain <script> shows as text" \
    grep -q -F 'x&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;' "$h"
check "(b) HTML: no <script> element" \
    sh -c '! grep -q -i "<script" "$1"' sh "$h"
check "(b) HTML: no <img> element (the hostile label is text)" \
    sh -c '! grep -q -i "<img" "$1"' sh "$h"
check "(b) HTML: no <b> element from --title, --program, --funder" \
    sh -c '! grep -q -i "<b>" "$1"' sh "$h"
check "(b) HTML: the title is escaped in <title> and <h1>" \
    sh -c 'grep -q -F "<title>&lt;b&gt;&amp;&quot;&#39;</title>" "$1" &&
	grep -q -F "<h1>&lt;b&gt;&amp;&quot;&#39;</h1>" "$1"' sh "$h"
check "(b) HTML: program and funder are escaped" \
    grep -q -F 'Program: &lt;b&gt;&amp;&quot;&#39; · Prepared for: &lt;b&gt;&amp;&quot;&#39;' "$h"
check "(b) HTML: the Markdown-hostile site name is plain text" \
    grep -q -F '<h3>| x | *y* [z](u)</h3>' "$h"
if command -v xmllint >/dev/null 2>&1; then
	xmllint --html --noout "$h" > "$b/xmllint" 2>&1
	if [ $? -eq 0 ] && [ ! -s "$b/xmllint" ]; then
		ok "(b) xmllint --html --noout reports nothing"
	else
		bad "(b) xmllint --html --noout: $(head -3 "$b/xmllint")"
	fi
else
	skip "(b) xmllint is not installed (make deps: libxml2-utils)"
fi

m=$b/report.md
check "(b) Markdown: no raw <script, <img or <b>" \
    sh -c '! grep -q -i "<script\|<img\|<b>" "$1"' sh "$m"
check "(b) Markdown: the hostile site heading is escaped" \
    grep -q -F '### \| x \| \*y\* \[z\](u)' "$m"
check "(b) Markdown: the hostile timepoint cell is escaped" \
    grep -q -F '| \| t \| \*u\* | 1 | 1 |' "$m"
# Every row of every table has the header's number of unescaped '|'.
awk '
	function pipes(s) { gsub(/\\\\/, "", s); gsub(/\\\|/, "", s)
		return gsub(/\|/, "", s) }
	/^\|/ { n = pipes($0)
		if (!intable) { intable = 1; want = n; start = NR }
		else if (n != want) { printf "line %d: %d pipes, header (line %d) %d\n", NR, n, start, want; bad = 1 }
		rows++; next }
	{ intable = 0 }
	END { if (rows < 20) { print "only " rows " table lines"; bad = 1 }
		exit bad }' "$m" > "$b/columns"
if [ $? -eq 0 ]; then
	ok "(b) Markdown: every table row keeps its column count"
else
	bad "(b) Markdown: $(head -3 "$b/columns")"
fi
# A real Markdown renderer, when there is one, makes no element of them.
if command -v pandoc >/dev/null 2>&1; then
	pandoc -f gfm -t html "$m" > "$b/pandoc.html" 2>/dev/null
	check "(b) pandoc renders the Markdown without <script>, <img> or <a>" \
	    sh -c '! grep -q -i "<script\|<img\|<a " "$1"' sh "$b/pandoc.html"
else
	skip "(b) pandoc is not installed: Markdown not rendered"
fi

# ---- (c) the HTML is self-contained ---------------------------------------
for f in "$a/html.txt" "$h"; do
	if grep -i -n 'src="http\|href="http\|src=.http\|href=.http\|url(\|@import\|<link\|<script\|<iframe\|<object' \
	    "$f" > "$tmp/c.hits"; then
		bad "(c) $(basename "$f") refers outside: $(head -2 "$tmp/c.hits" | cut -c1-120)"
	else
		ok "(c) $(basename "$f"): no external reference, script or stylesheet link"
	fi
done
if [ -z "$charts" ]; then
	check "(c) every <img> of the HTML is a data: URI" \
	    sh -c '! grep -o "<img [^>]*>" "$1" | grep -v -q "src=\"data:image/svg+xml;base64,"' \
	    sh "$a/report.html"
	for f in "$a"/html-chart.*.svg; do
		if grep -i -q "href=.http\|<image\|url(http\|@import\|<script" "$f"; then
			bad "(c) $(basename "$f") loads something from outside"
		elif command -v xmllint >/dev/null 2>&1 &&
		    ! xmllint --noout "$f" 2>/dev/null; then
			bad "(c) $(basename "$f") is not well-formed XML"
		else
			ok "(c) $(basename "$f"): a well-formed SVG with no external reference"
		fi
	done
fi

# ---- (d) Markdown charts beside the report ----------------------------------
if [ -z "$charts" ]; then
	# links are written <like this>, so file names with spaces work
	sed -n 's/^!\[[^]]*\](<\(.*\)>)$/\1/p' "$a/report.md" > "$tmp/d.links"
	check "(d) the Markdown links forest, prepost and jt by base name" \
	    sh -c 'printf "report.forest.svg\nreport.prepost.svg\nreport.jt.svg\n" |
		cmp -s - "$1"' sh "$tmp/d.links"
	while IFS= read -r l; do
		check "(d) $l exists beside report.md" test -s "$a/$l"
	done < "$tmp/d.links"
	# from another directory: the charts go beside the report, not here
	mkdir -p "$tmp/d/sub"
	(cd "$tmp/d" && "$DYAD" report -o sub/r.md "$a/sim.csv" 2>/dev/null)
	check "(d) -o sub/r.md writes sub/r.forest.svg and sub/r.prepost.svg" \
	    test -s "$tmp/d/sub/r.forest.svg" -a -s "$tmp/d/sub/r.prepost.svg"
	check "(d) ... and nothing in the current directory" \
	    test "$(ls -A "$tmp/d")" = sub
	check "(d) ... linked as r.forest.svg (base name)" \
	    grep -q -x '!\[.*\](<r.forest.svg>)' "$tmp/d/sub/r.md"
else
	skip "(d) no gnuplot: no charts beside the Markdown report"
fi

# ---- (e) a failed run changes nothing -----------------------------------
e=$tmp/e
mkdir -p "$e"
cp "$TOP/tests/cli/report-markdown/input.csv" "$e/in.csv"
for fmt in html md; do
	"$DYAD" report --no-charts -o "$e/report.$fmt" "$e/in.csv" 2>/dev/null
	cp "$e/report.$fmt" "$tmp/e.keep.$fmt"
	ls -a "$e" > "$tmp/e.before"
	DYAD_GNUPLOT=/bin/false "$DYAD" report --title Changed \
	    -o "$e/report.$fmt" "$e/in.csv" 2> "$tmp/e.err"
	rc=$?
	check "(e) $fmt: gnuplot failing is exit 1 (was $rc)" test $rc -eq 1
	check "(e) $fmt: the earlier report is untouched" \
	    cmp -s "$e/report.$fmt" "$tmp/e.keep.$fmt"
	ls -a "$e" > "$tmp/e.after"
	check "(e) $fmt: no temporary or chart file left (ls -a)" \
	    cmp -s "$tmp/e.before" "$tmp/e.after"
	check "(e) $fmt: the message says the report was not written" \
	    grep -q 'the report was not written' "$tmp/e.err"
done
# a data error: the same
sed 's/,2024-07-16,13$/,2024-07-16,1x/' "$e/in.csv" > "$e/bad.csv"
ls -a "$e" > "$tmp/e.before"
"$DYAD" report --no-charts --title Changed -o "$e/report.md" "$e/bad.csv" \
    2>/dev/null
rc=$?
check "(e) a row with a problem is exit 1 (was $rc)" test $rc -eq 1
check "(e) ... and leaves the report untouched" \
    cmp -s "$e/report.md" "$tmp/e.keep.md"
ls -a "$e" > "$tmp/e.after"
check "(e) ... and no file behind (ls -a)" cmp -s "$tmp/e.before" "$tmp/e.after"

# ---- (f) -o never overwrites an input ----------------------------------
f=$tmp/f
mkdir -p "$f"
cp "$e/in.csv" "$f/in.csv"
cp "$f/in.csv" "$f/in.keep"
"$DYAD" report --no-charts --format markdown -o "$f/in.csv" "$f/in.csv" \
    2> "$f/err"
rc=$?
check "(f) -o an input file is exit 2 (was $rc)" test $rc -eq 2
check "(f) ... the input is unchanged" cmp -s "$f/in.csv" "$f/in.keep"
check "(f) ... with 'refusing to overwrite an input file'" \
    grep -q 'refusing to overwrite an input file' "$f/err"
ln -s in.csv "$f/link.csv"
"$DYAD" report --no-charts --format markdown -o "$f/link.csv" "$f/in.csv" \
    2>/dev/null
rc=$?
check "(f) -o a symbolic link to the input is exit 2 too (was $rc)" \
    sh -c 'test "$1" -eq 2 && cmp -s "$2" "$3"' sh $rc "$f/in.csv" "$f/in.keep"

# ---- (g) the input checksum ----------------------------------------------
g=$tmp/g
mkdir -p "$g"
cp "$e/in.csv" "$g/one.csv"
# the same data in two files: CESD rows in one, cortisol in the other
sed '/,CORT_WAKE,/d' "$g/one.csv" > "$g/cesd.csv"
sed -n '1p; /,CORT_WAKE,/p' "$g/one.csv" > "$g/cort.csv"
for fmt in html md; do
	"$DYAD" report --no-charts -o "$g/r.$fmt" "$g/one.csv" 2>/dev/null
	want=$(sha256sum < "$g/one.csv" | cut -d' ' -f1)
	got=$(grep -o 'SHA-256 [0-9a-f]*' "$g/r.$fmt" | cut -d' ' -f2)
	check "(g) $fmt: the SHA-256 printed is sha256sum's ($got)" \
	    test "$got" = "$want"
done
"$DYAD" report --no-charts -o "$g/r2.md" "$g/cesd.csv" "$g/cort.csv" \
    2>/dev/null
sha256sum "$g/cesd.csv" "$g/cort.csv" |
    awk '{ print "Input: " $2 ", SHA-256 " $1 "." }' > "$g/want"
grep '^- Input: ' "$g/r2.md" | sed 's/^- //' > "$g/got"
check "(g) two inputs: one line each, with sha256sum's checksum" \
    cmp -s "$g/want" "$g/got"
"$DYAD" report --no-charts -o "$g/r3.md" < "$g/one.csv" 2>/dev/null
check "(g) standard input: named so, checksum not computed" \
    grep -q -F 'Input: standard input, SHA-256 not computed' "$g/r3.md"
"$DYAD" report --no-charts -o "$g/r4.md" - < "$g/one.csv" 2>/dev/null
check "(g) '-': named standard input, checksum not computed" \
    grep -q -F 'Input: standard input, SHA-256 not computed' "$g/r4.md"

# ---- (h) the chart code under valgrind ---------------------------------------
if [ -n "$charts" ]; then
	skip "(h) no gnuplot: chart code not run under valgrind"
elif ! command -v valgrind >/dev/null 2>&1; then
	skip "(h) valgrind is not installed"
elif [ "${SANITIZE:-}" = 1 ] || grep -q __asan_init "$DYAD"; then
	skip "(h) sanitizer build: valgrind cannot run it (make memcheck does)"
else
	for fmt in html md; do
		valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite \
		    --error-exitcode=99 "$DYAD" report --sessions "$a/sessions.csv" \
		    --jt CESD --by site -o "$tmp/h.$fmt" "$a/sim.csv" 2> "$tmp/h.err"
		rc=$?
		if [ $rc -eq 0 ] && ! grep -q 'definitely lost: [1-9]' "$tmp/h.err"; then
			ok "(h) valgrind: $fmt report with charts is clean"
		else
			bad "(h) valgrind: $fmt report with charts (exit $rc): $(grep '^==' "$tmp/h.err" | head -3)"
		fi
	done
fi
exit $failed
