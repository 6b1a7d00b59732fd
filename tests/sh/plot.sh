#!/bin/sh
# plot.sh - dyad plot end to end.  Without gnuplot: the golden scripts of
# tests/cli/plot-*/ keep only numbers in their datablocks, and a missing
# gnuplot gives exit 1 and the install hint.  With gnuplot: every kind renders
# to PNG (signature, requested size) and SVG (well-formed XML holding the
# expected labels, checked against 'dyad stats'), PDF and dumb once; the
# golden scripts run under plain gnuplot; a data set whose site names,
# labels, units and title try to break out of their strings runs nothing and
# shows as text; '--script' rerun by plain gnuplot gives the same bytes; a
# failed render keeps the old file and leaves no temporary.
# Prints "ok - ..." / "not ok - ..." / "skip - ..." lines; run from any cwd.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
DYAD=$TOP/dyad
DATA=$TOP/examples/cpp.csv
failed=0

ok()   { echo "ok - $1"; }
bad()  { echo "not ok - $1"; failed=1; }
skip() { echo "skip - $1"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dyad-plot.XXXXXX") || exit 1
PWNED=/tmp/pwned-$$
trap 'rm -rf "$tmp"; rm -f "$PWNED" "$PWNED-catalog" "$PWNED-title"' EXIT
trap 'exit 1' HUP INT TERM
rm -f "$PWNED" "$PWNED-catalog" "$PWNED-title"

if [ ! -x "$DYAD" ]; then
	bad "$DYAD is not built"
	exit 1
fi
if [ ! -f "$DATA" ]; then
	"$DYAD" simulate --children 120 --seed 2026 --sites 3 -o "$tmp/cpp.csv"
	DATA=$tmp/cpp.csv
fi

# ---- without gnuplot ----

# Datablocks hold numbers only: a line of text there could be "EOD".
for f in "$TOP"/tests/cli/plot-*/expected.out; do
	[ -s "$f" ] || continue
	head -1 "$f" | grep -q '^# dyad plot' || continue
	name=$(basename "$(dirname "$f")")
	bl=$(awk '/^\$[a-z]+ << EOD$/ { inb = 1; next }
	    inb && /^EOD$/ { inb = 0; next }
	    inb && !/^$/ && !/^-?[0-9][0-9.e+-]*( -?[0-9][0-9.e+-]*)*$/ { print NR": "$0 }' "$f")
	if [ -z "$bl" ]; then
		ok "$name: datablocks hold only numbers"
	else
		bad "$name: text in a datablock: $(echo "$bl" | head -2)"
	fi
done

DYAD_GNUPLOT=/nonexistent "$DYAD" plot prepost "$DATA" -o "$tmp/none.png" \
    > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ $rc -eq 1 ] && grep -q 'apt-get install gnuplot-nox' "$tmp/err" &&
    grep -q -- '--script' "$tmp/err" && [ ! -e "$tmp/none.png" ] &&
    [ -z "$(ls -A "$tmp" | grep '^\.none')" ]; then
	ok "gnuplot missing: exit 1, install hint, no file left"
else
	bad "gnuplot missing: exit $rc: $(head -2 "$tmp/err")"
fi

if ! command -v gnuplot >/dev/null 2>&1; then
	skip "gnuplot is not installed (make deps): no rendering tests"
	exit $failed
fi

# ---- helpers ----

# png_size FILE: "WIDTHxHEIGHT" from the IHDR chunk, or "not a PNG".
png_size() {
	python3 - "$1" <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read(32)
if b[:8] != b"\x89PNG\r\n\x1a\n" or b[12:16] != b"IHDR":
    print("not a PNG")
else:
    w, h = struct.unpack(">II", b[16:24])
    print(f"{w}x{h}")
PY
}

# svg_has FILE TEXT...: the SVG parses as XML and each TEXT is the whole
# text of one <text> element (tspans joined); prints what is missing.
svg_has() {
	python3 - "$@" <<'PY'
import sys, xml.etree.ElementTree as ET
path, want = sys.argv[1], sys.argv[2:]
try:
    root = ET.parse(path).getroot()
except ET.ParseError as e:
    print(f"not XML: {e}")
    sys.exit(0)
texts = []
for el in root.iter():
    if el.tag.endswith("}text") or el.tag == "text":
        texts.append("".join(el.itertext()))
blob = "\n".join(texts)
for w in want:
    if w not in texts and w not in blob:
        print(f"missing {w!r}")
if root.get("width") is None:
    print("no width")
else:
    print(f"size {root.get('width')}x{root.get('height')}")
PY
}

# stat_n MEASURE: n_pairs of MEASURE from dyad stats (no --by).
"$DYAD" stats -f csv "$DATA" > "$tmp/stats.csv"
stat_col() {
	python3 - "$tmp/stats.csv" "$1" "$2" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["measure"] == sys.argv[2] and r["group"] == "":
        print(r[sys.argv[3]])
PY
}
n_cesd=$(stat_col CESD n_pairs)
n_cbcl=$(stat_col CBCL15_INT n_pairs)
rec_cesd=$(stat_col CESD recovered)
det_cesd=$(stat_col CESD rci_deteriorated)

# render KIND EXT SIZE [options]: dyad plot to $tmp/KIND-EXT.EXT
render() {
	kind=$1 ext=$2 size=$3; shift 3
	out=$tmp/$kind.$ext
	rm -f "$out"
	if "$DYAD" plot "$kind" --size "$size" "$@" "$DATA" -o "$out" \
	    2> "$tmp/err"; then
		return 0
	fi
	bad "dyad plot $kind $* -o x.$ext: $(head -3 "$tmp/err")"
	return 1
}

check_png() {   # check_png KIND SIZE
	got=$(png_size "$tmp/$1.png")
	want=$(echo "$2" | tr ',' 'x')
	if [ "$got" = "$want" ]; then
		ok "$1: PNG signature and requested size $want"
	else
		bad "$1: PNG: $got, wanted $want"
	fi
}

check_svg() {   # check_svg KIND SIZE LABEL...
	kind=$1 size=$2; shift 2
	res=$(svg_has "$tmp/$kind.svg" "$@")
	want="size $(echo "$size" | tr ',' 'x')"
	if [ "$res" = "$want" ]; then
		ok "$kind: SVG is XML, $want, has its labels"
	else
		bad "$kind: SVG: $(echo "$res" | tr '\n' ';')"
	fi
}

# ---- every kind, PNG and SVG ----

for spec in "prepost|" "forest|" "jt|--measure CESD" "change|" "trajectory|--individuals --subject parent"; do
	kind=${spec%%|*} opts=${spec#*|}
	# shellcheck disable=SC2086
	render "$kind" png 900,640 $opts && check_png "$kind" 900,640
	# shellcheck disable=SC2086
	render "$kind" svg 1000,700 $opts || continue
	case $kind in
	prepost) check_svg prepost 1000,700 "CESD (n = $n_cesd)" \
	    "CBCL15_INT (n = $n_cbcl)" "Child measures" "Caregiver measures" \
	    "intake" "discharge" "raw score" "ln(nmol/L)" ;;
	forest) check_svg forest 1000,700 "CES-D Depression (n = $n_cesd)" \
	    "Cortisol at waking (no direction) (n = $(stat_col CORT_WAKE n_pairs))" \
	    "better →" "Child measures" ;;
	jt) check_svg jt 1000,700 "recovered (n = $rec_cesd)" \
	    "deteriorated (n = $det_cesd)" "clinical criterion (16)" \
	    "intake (raw score)" "discharge (raw score)" ;;
	change) check_svg change 1000,700 "CESD (n = $n_cesd), ↓ better" \
	    "change (raw score)" ;;
	trajectory) check_svg trajectory 1000,700 "mid" "raw score" \
	    "Caregiver measures" ;;
	esac
done

# PDF once: a PDF, sized at 96 px to the inch (1000 px = 750 pt).
if render forest pdf 1000,700; then
	if head -c 5 "$tmp/forest.pdf" | grep -q '%PDF-' &&
	    grep -a -q 'MediaBox *\[ *0 0 750' "$tmp/forest.pdf"; then
		ok "forest: PDF, 750 pt wide"
	else
		bad "forest: not a PDF of 750 pt: $(head -c 8 "$tmp/forest.pdf")"
	fi
fi

# dumb once: characters on stdout, with the title and the labels.
if "$DYAD" plot forest --terminal dumb --size 120,40 "$DATA" > "$tmp/dumb" \
    2> "$tmp/err" && grep -q 'Effect sizes' "$tmp/dumb" &&
    grep -q "CES-D Depression (n = $n_cesd)" "$tmp/dumb" &&
    [ "$(wc -l < "$tmp/dumb")" -ge 35 ]; then
	ok "forest --terminal dumb draws on stdout"
else
	bad "forest --terminal dumb: $(head -2 "$tmp/err")"
fi

# no temporaries left beside the pictures
if [ -z "$(ls -A "$tmp" | grep '^\.')" ]; then
	ok "no temporary files left after rendering"
else
	bad "temporaries left: $(ls -A "$tmp" | grep '^\.' | head -3)"
fi

# ---- the golden scripts run under plain gnuplot ----

for f in "$TOP"/tests/cli/plot-*/expected.out; do
	[ -s "$f" ] || continue
	head -1 "$f" | grep -q '^# dyad plot' || continue
	name=$(basename "$(dirname "$f")")
	# a file holding two scripts (plot-escape) runs as one
	mkdir -p "$tmp/gold/$name"
	# (a picture file appears, or the dumb terminal draws on stdout)
	if (cd "$tmp/gold/$name" && gnuplot "$f" > out 2> err) &&
	    ! grep -qi 'error' "$tmp/gold/$name/err" &&
	    { [ -s "$tmp/gold/$name/out" ] ||
	    [ -n "$(ls "$tmp/gold/$name" | grep -v '^out$\|^err$')" ]; }; then
		ok "$name: the script runs under plain gnuplot"
	else
		bad "$name: gnuplot: $(head -3 "$tmp/gold/$name/err")"
	fi
done
if [ -e /tmp/pwned-dyad-golden ]; then
	bad "a golden script ran a command (/tmp/pwned-dyad-golden exists)"
	rm -f /tmp/pwned-dyad-golden
else
	ok "the golden escape script ran no command"
fi

# ---- injection ----

python3 - "$DATA" "$tmp/inj.csv" "$PWNED" <<'PY'
import csv, sys
src, dst, pwned = sys.argv[1:4]
names = {
    "Site 1": 'x"; system("touch ' + pwned + '"); "',
    "Site 2": "back`touch " + pwned + "`tick\nEOD\nline {x}_y^z @&~ \\",
    "Site 3": "EOD",
}
with open(src, newline="") as f, open(dst, "w", newline="") as g:
    w = csv.writer(g, lineterminator="\n")
    for row in csv.reader(f):
        w.writerow([names.get(c, c) for c in row])
PY
cat > "$tmp/inj-catalog.csv" <<EOF
code,label,subject,domain,direction,min,max,reliability,norm_mean,norm_sd,clin_mean,clin_sd,cutoff,transform,source,unit
CESD,EOD,parent,mood,lower_is_better,0,60,0.85,,,,,16,none,test,"\`touch $PWNED-catalog\`
EOD"
PCL5,"x""); system(""touch $PWNED-catalog""); print(""",parent,trauma,lower_is_better,0,80,0.82,,,38.81,12.40,33,none,test,raw score
EOF
title="t\"; system(\"touch $PWNED-title\"); \"
EOD"
site1="x\"; system(\"touch $PWNED\"); \""
pcl5="x\"); system(\"touch $PWNED-catalog\"); print(\""
for kind in prepost forest change trajectory; do
	for ext in svg png; do
		if "$DYAD" plot "$kind" --by site --catalog-add "$tmp/inj-catalog.csv" \
		    --title "$title" "$tmp/inj.csv" -o "$tmp/inj-$kind.$ext" \
		    2> "$tmp/err"; then
			ok "injection $kind $ext: renders"
		else
			bad "injection $kind $ext: $(head -3 "$tmp/err")"
		fi
	done
	case $kind in
	forest) labels="EOD (n = $n_cesd) $pcl5" ;;
	*) labels= ;;
	esac
	res=$(svg_has "$tmp/inj-$kind.svg" "$site1" "back\`touch $PWNED\`tick" \
	    "t\"; system(\"touch $PWNED-title\"); \"" ${labels:+"EOD (n = $n_cesd)"} \
	    ${labels:+"$pcl5 (n = $(stat_col PCL5 n_pairs))"})
	case $res in
	size*) ok "injection $kind: the names show as text in the SVG" ;;
	*) bad "injection $kind: $(echo "$res" | tr '\n' ';')" ;;
	esac
done
if "$DYAD" plot jt --measure PCL5 --catalog-add "$tmp/inj-catalog.csv" \
    --title "$title" "$tmp/inj.csv" -o "$tmp/inj-jt.svg" 2> "$tmp/err"; then
	ok "injection jt: renders"
else
	bad "injection jt: $(head -3 "$tmp/err")"
fi
"$DYAD" plot forest --by site --catalog-add "$tmp/inj-catalog.csv" \
    --title "$title" --script "$tmp/inj.csv" > "$tmp/inj.gp" 2> "$tmp/err" &&
    (cd "$tmp" && gnuplot inj.gp > /dev/null 2>&1)
if [ -e "$PWNED" ] || [ -e "$PWNED-catalog" ] || [ -e "$PWNED-title" ]; then
	bad "injection: a name ran a command ($(ls /tmp/pwned-$$* | tr '\n' ' '))"
else
	ok "injection: no name ran a command, also under plain gnuplot"
fi

# ---- --script reruns to the same picture ----

for spec in "prepost|--by site" "forest|" "jt|--measure CBCL15_INT" "change|" "trajectory|"; do
	kind=${spec%%|*} opts=${spec#*|}
	mkdir -p "$tmp/re-$kind"
	# shellcheck disable=SC2086
	if "$DYAD" plot "$kind" $opts "$DATA" -o "$tmp/re-$kind/a.png" \
	    2> "$tmp/err" &&
	    mv "$tmp/re-$kind/a.png" "$tmp/re-$kind/dyad.png" &&
	    "$DYAD" plot "$kind" $opts --script "$DATA" -o "$tmp/re-$kind/a.gp" \
	    2>> "$tmp/err" &&
	    (cd "$tmp/re-$kind" && gnuplot a.gp 2>> "$tmp/err") &&
	    cmp -s "$tmp/re-$kind/a.png" "$tmp/re-$kind/dyad.png"; then
		ok "$kind: --script rerun by gnuplot gives the same PNG bytes"
	else
		bad "$kind: --script rerun differs: $(head -2 "$tmp/err")"
	fi
done
mkdir -p "$tmp/re-svg"
if "$DYAD" plot trajectory --by site "$DATA" -o "$tmp/re-svg/a.svg" &&
    mv "$tmp/re-svg/a.svg" "$tmp/re-svg/dyad.svg" &&
    "$DYAD" plot trajectory --by site --terminal svg --script "$DATA" \
    -o "$tmp/re-svg/a.gp" && (cd "$tmp/re-svg" && gnuplot a.gp) &&
    cmp -s "$tmp/re-svg/a.svg" "$tmp/re-svg/dyad.svg"; then
	ok "trajectory: --script rerun gives the same SVG"
else
	bad "trajectory: --script rerun gives another SVG"
fi

# ---- failures keep the old file and leave no temporary ----

mkdir -p "$tmp/keep"
printf 'old picture\n' > "$tmp/keep/chart.png"
for gp in /bin/false /bin/true "$tmp/fake-gnuplot"; do
	cat > "$tmp/fake-gnuplot" <<'EOF'
#!/bin/sh
# reads half the script, complains and dies
head -c 100 > /dev/null
echo '"/dev/stdin" line 3: invalid command' >&2
exit 1
EOF
	chmod +x "$tmp/fake-gnuplot"
	DYAD_GNUPLOT=$gp "$DYAD" plot prepost "$DATA" -o "$tmp/keep/chart.png" \
	    > /dev/null 2> "$tmp/err"
	rc=$?
	if [ $rc -eq 1 ] && [ "$(cat "$tmp/keep/chart.png")" = "old picture" ] &&
	    [ -z "$(ls -A "$tmp/keep" | grep -v '^chart.png$')" ]; then
		ok "DYAD_GNUPLOT=$(basename "$gp"): exit 1, old file kept, no temporary"
	else
		bad "DYAD_GNUPLOT=$(basename "$gp"): exit $rc, $(ls -A "$tmp/keep" | tr '\n' ' ')"
	fi
done
if grep -q '^dyad: gnuplot failed' "$tmp/err" && grep -q 'invalid command' "$tmp/err"; then
	ok "a failing gnuplot's complaint is reported"
else
	bad "a failing gnuplot's complaint is not reported: $(head -2 "$tmp/err")"
fi
# a directory that cannot hold the temporary (a file where it should be;
# as root, a mode-0555 directory would not stop the write)
printf 'x' > "$tmp/notadir"
"$DYAD" plot prepost "$DATA" -o "$tmp/notadir/chart.png" > /dev/null 2> "$tmp/err"
rc=$?
if [ $rc -eq 1 ] && [ "$(cat "$tmp/notadir")" = x ]; then
	ok "an impossible output path: exit 1, nothing written"
else
	bad "an impossible output path: exit $rc"
fi
if [ "$(id -u)" != 0 ]; then
	mkdir -p "$tmp/ro"
	printf 'old picture\n' > "$tmp/ro/chart.png"
	chmod 555 "$tmp/ro"
	"$DYAD" plot prepost "$DATA" -o "$tmp/ro/chart.png" > /dev/null 2>&1
	rc=$?
	chmod 755 "$tmp/ro"
	if [ $rc -eq 1 ] && [ "$(cat "$tmp/ro/chart.png")" = "old picture" ] &&
	    [ -z "$(ls -A "$tmp/ro" | grep -v '^chart.png$')" ]; then
		ok "an unwritable directory: exit 1, old file kept"
	else
		bad "an unwritable directory: exit $rc"
	fi
else
	skip "an unwritable directory: running as root"
fi
exit $failed
