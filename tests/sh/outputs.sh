#!/bin/sh
# outputs.sh - outputs never lose data (issue 8).  For every command that
# writes -o (stats, change, waves, simulate, report, plot, convert,
# cortisol; a command that does not exist yet gives a skip line):
#   (a) a failed write (the file size limit of 'ulimit -f', and a full tmpfs
#       when this runs as root and may mount one), bad input, and a gnuplot
#       that fails (plot, report) leave the previous file byte for byte and
#       no temporary file beside it;
#   (b) -o naming one of the input files (also through a symbolic link) is
#       refused with exit 2 and the input is untouched;
#   (c) files are created with the user's umask (077 -> 600, 022 -> 644);
#   (d) nothing is written but the named paths (run in an empty directory,
#       -o into another one; report's Markdown charts are STEM.KIND.svg);
# and for standard output:
#   (e) stdout on /dev/full exits 1 with a message, given once;
#   (f) a reader that goes away ('| head -1') ends dyad quietly: nothing on
#       stderr, and exit status 141 (killed by SIGPIPE, the default: as
#       cat, grep and sort do) or 0 when dyad had already written everything
#       into the pipe before head closed it.
# and for -o naming a device or a pipe:
#   (g) it is written as it is and stays what it was (a FIFO, and when run
#       as root a null and a full device made in a temporary directory,
#       never the system's): a temporary renamed over it would replace the
#       node; a full device fails with one message; a picture or workbook,
#       which must be renamed into place, is refused (exit 2) before the
#       node is opened.
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

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dyad-outputs.XXXXXX") || exit 1
mnt=
cleanup() {
	[ -n "$mnt" ] && umount "$mnt" 2>/dev/null
	umount "$tmp/ro" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

if [ ! -x "$DYAD" ]; then
	bad "$DYAD is not built"
	exit 1
fi

# ---- inputs ------------------------------------------------------------------
in=$tmp/in
mkdir -p "$in"
"$DYAD" simulate --children 40 --seed 8 --sites 2 -o "$in/sim.csv" ||
	bad "simulate the input"
# one score that is not a number: every analysis refuses the file
awk -F, 'NR == 5 { $NF = "x" } { print }' OFS=, "$in/sim.csv" > "$in/bad.csv"
cp "$TOP/examples/cortisol.csv" "$in/cort.csv"
printf 'child_id,measure,timepoint,sample,score\nc1,CORT_WAKE,intake,1,x\n' \
    > "$in/cort-bad.csv"
have_gnuplot=false
command -v gnuplot >/dev/null 2>&1 && have_gnuplot=true

exists() {
	"$DYAD" help "$1" >/dev/null 2>&1
}

# args CMD INPUT OUT: the command line writing OUT from INPUT.
args() {
	case $1 in
	stats)    echo "stats -f csv $2 -o $3" ;;
	change)   echo "change -f csv $2 -o $3" ;;
	waves)    echo "waves -f csv $2 -o $3" ;;
	simulate) echo "simulate --children 30 --seed 5 -o $3" ;;
	report)   echo "report --no-charts $2 -o $3" ;;
	plot)     echo "plot prepost $2 -o $3" ;;
	convert)  echo "convert $2 -o $3" ;;
	cortisol) echo "cortisol $2 -o $3" ;;
	esac
}
# The output's name (the extension picks the format).
outname() {
	case $1 in
	report) echo out.html ;;
	plot)   echo out.svg ;;
	*)      echo out.csv ;;
	esac
}
input_of() {
	case $1 in
	cortisol) echo "$in/cort.csv" ;;
	*)        echo "$in/sim.csv" ;;
	esac
}
bad_input_of() {
	case $1 in
	cortisol) echo "$in/cort-bad.csv" ;;
	simulate) echo "" ;;
	*)        echo "$in/bad.csv" ;;
	esac
}

# prepare DIR OUT: a directory holding only a previous version of OUT.
prepare() {
	rm -rf "$1"
	mkdir -p "$1"
	printf 'the previous file: must survive\n' > "$1/$2"
	cp "$1/$2" "$tmp/previous"
}
# unchanged LABEL DIR OUT RC ERRFILE: the previous OUT intact, nothing else
# in DIR, and a failure exit status.
unchanged() {
	left=$(ls -A "$2" | grep -v -x -F "$3" | grep -v -x 'fill')
	if [ "$4" -eq 0 ]; then
		bad "$1: exit status 0"
	elif ! cmp -s "$2/$3" "$tmp/previous"; then
		bad "$1: the previous file changed (exit $4)"
	elif [ -n "$left" ]; then
		bad "$1: left behind: $(echo $left)"
	elif [ ! -s "$5" ]; then
		bad "$1: exit $4 without a message"
	else
		ok "$1: exit $4, previous file unchanged, no temporary"
	fi
}

CMDS="stats change waves simulate report plot convert cortisol"

# ---- (a) failures keep the previous file ---------------------------------
for c in $CMDS; do
	if ! exists "$c"; then
		skip "dyad $c does not exist yet"
		continue
	fi
	out=$(outname "$c")
	d=$tmp/a-$c
	input=$(input_of "$c")

	# a file size limit of 512 bytes: writes fail with EFBIG (SIGXFSZ
	# ignored, as a full disk's ENOSPC would)
	prepare "$d" "$out"
	(cd "$d" && trap '' XFSZ && ulimit -f 1 &&
	    exec "$DYAD" $(args "$c" "$input" "$out")) > /dev/null 2> "$tmp/err"
	unchanged "$c: write fails (ulimit -f)" "$d" "$out" $? "$tmp/err"

	bi=$(bad_input_of "$c")
	if [ -n "$bi" ]; then
		prepare "$d" "$out"
		(cd "$d" && exec "$DYAD" $(args "$c" "$bi" "$out")) \
		    > /dev/null 2> "$tmp/err"
		unchanged "$c: bad input" "$d" "$out" $? "$tmp/err"
	fi

	case $c in
	plot|report)
		prepare "$d" "$out"
		a=$(args "$c" "$input" "$out" | sed 's/--no-charts //')
		(cd "$d" && DYAD_GNUPLOT=/bin/false exec "$DYAD" $a) \
		    > /dev/null 2> "$tmp/err"
		unchanged "$c: gnuplot fails (DYAD_GNUPLOT=/bin/false)" "$d" \
		    "$out" $? "$tmp/err"
		;;
	esac
done

# The Markdown report writes its charts beside it: a failure keeps the
# previous report and the previous charts.
if $have_gnuplot && exists report; then
	for how in ulimit gnuplot; do
		d=$tmp/a-md-$how
		prepare "$d" r.md
		printf '<svg>previous</svg>\n' > "$d/r.forest.svg"
		cp "$d/r.forest.svg" "$tmp/previous.svg"
		if [ $how = ulimit ]; then
			(cd "$d" && trap '' XFSZ && ulimit -f 1 &&
			    exec "$DYAD" report "$in/sim.csv" -o r.md) \
			    > /dev/null 2> "$tmp/err"
		else
			(cd "$d" && DYAD_GNUPLOT=/bin/false exec "$DYAD" report \
			    "$in/sim.csv" -o r.md) > /dev/null 2> "$tmp/err"
		fi
		rc=$?
		if cmp -s "$d/r.forest.svg" "$tmp/previous.svg"; then
			rm "$d/r.forest.svg"
			unchanged "report (Markdown, charts beside): $how fails" "$d" \
			    r.md $rc "$tmp/err"
		else
			bad "report (Markdown, charts beside): $how fails: the previous chart changed"
		fi
	done
fi

# A full file system: a small tmpfs, filled up.  Needs root and mount.
if [ "$(id -u)" = 0 ] && mkdir -p "$tmp/mnt" &&
    mount -t tmpfs -o size=256k tmpfs "$tmp/mnt" 2>/dev/null; then
	mnt=$tmp/mnt
	for c in $CMDS; do
		exists "$c" || continue
		out=$(outname "$c")
		rm -rf "$mnt"/* "$mnt"/.[!.]* 2>/dev/null
		printf 'the previous file: must survive\n' > "$mnt/$out"
		cp "$mnt/$out" "$tmp/previous"
		dd if=/dev/zero of="$mnt/fill" bs=4096 2>/dev/null
		(cd "$mnt" && exec "$DYAD" $(args "$c" "$(input_of "$c")" \
		    "$out")) > /dev/null 2> "$tmp/err"
		unchanged "$c: disk full (tmpfs)" "$mnt" "$out" $? "$tmp/err"
	done
	umount "$mnt" && mnt=
else
	skip "a full tmpfs: not root, or mount is not allowed here"
fi

# ---- (b) -o naming an input is refused ----------------------------------
for c in $CMDS; do
	exists "$c" || continue
	[ "$c" = simulate ] && continue         # reads no input
	out=$(outname "$c")
	d=$tmp/b-$c
	rm -rf "$d"
	mkdir -p "$d"
	# named like the output (CSV is read whatever the name), so that
	# only the input check can refuse it
	ext=${out##*.}
	cp "$(input_of "$c")" "$d/input.$ext"
	cp "$d/input.$ext" "$tmp/previous"
	ln -s "input.$ext" "$d/link.$ext"
	for target in "input.$ext" "link.$ext"; do
		(cd "$d" && exec "$DYAD" $(args "$c" "input.$ext" "$target")) \
		    > /dev/null 2> "$tmp/err"
		rc=$?
		left=$(ls -A "$d" | grep -v -x "input\\.$ext\\|link\\.$ext")
		if [ $rc -eq 2 ] && cmp -s "$d/input.$ext" "$tmp/previous" &&
		    [ -L "$d/link.$ext" ] && [ -z "$left" ] &&
		    grep -q 'input' "$tmp/err"; then
			ok "$c: -o $target (the input) refused with exit 2"
		else
			bad "$c: -o $target (the input): exit $rc, $(head -1 "$tmp/err")${left:+, left $left}"
		fi
	done
done

# ---- (c) the user's umask ---------------------------------------------------
for c in $CMDS; do
	exists "$c" || continue
	[ "$c" = plot ] && ! $have_gnuplot && continue
	out=$(outname "$c")
	for m in 077:600 022:644 027:640; do
		d=$tmp/c-$c-${m%%:*}
		rm -rf "$d"
		mkdir -p "$d"
		(cd "$d" && umask "${m%%:*}" &&
		    exec "$DYAD" $(args "$c" "$(input_of "$c")" "$out")) \
		    > /dev/null 2> "$tmp/err"
		rc=$?
		mode=$(stat -c %a "$d/$out" 2>/dev/null)
		if [ $rc -eq 0 ] && [ "$mode" = "${m#*:}" ]; then
			ok "$c: umask ${m%%:*} gives mode $mode"
		else
			bad "$c: umask ${m%%:*}: exit $rc, mode ${mode:-none}, want ${m#*:}"
		fi
	done
done
if $have_gnuplot && exists report; then
	d=$tmp/c-report-md
	mkdir -p "$d"
	(cd "$d" && umask 077 && exec "$DYAD" report "$in/sim.csv" -o r.md) \
	    > /dev/null 2> "$tmp/err"
	modes=$(cd "$d" && stat -c '%a %n' * | grep -v '^600 ')
	if [ -z "$modes" ] && [ -f "$d/r.md" ]; then
		ok "report (Markdown with charts): umask 077 gives mode 600 to all"
	else
		bad "report (Markdown with charts): umask 077: $modes"
	fi
fi

# ---- (d) nothing outside the named paths ------------------------------------
for c in $CMDS; do
	exists "$c" || continue
	[ "$c" = plot ] && ! $have_gnuplot && continue
	out=$(outname "$c")
	cwd=$tmp/d-$c-cwd
	dst=$tmp/d-$c-out
	home=$tmp/d-$c-home
	mkdir -p "$cwd" "$dst" "$home"
	(cd "$cwd" && HOME=$home TMPDIR=$home exec "$DYAD" \
	    $(args "$c" "$(input_of "$c")" "$dst/$out")) > /dev/null 2> "$tmp/err"
	rc=$?
	got="$(ls -A "$cwd" "$home") $(ls -A "$dst")"
	if [ $rc -eq 0 ] && [ "$(ls -A "$dst")" = "$out" ] &&
	    [ -z "$(ls -A "$cwd" "$home" | grep -v ':$' | grep .)" ]; then
		ok "$c: writes only $out"
	else
		bad "$c: exit $rc; wrote: $(echo $got)"
	fi
done
if $have_gnuplot && exists report; then
	cwd=$tmp/d-md-cwd
	dst=$tmp/d-md-out
	mkdir -p "$cwd" "$dst"
	(cd "$cwd" && exec "$DYAD" report "$in/sim.csv" -o "$dst/r.md") \
	    > /dev/null 2> "$tmp/err"
	extra=$(ls -A "$dst" | grep -v -x 'r\.md\|r\.[a-z]*\.svg')
	if [ -z "$(ls -A "$cwd")" ] && [ -z "$extra" ] && [ -f "$dst/r.md" ]; then
		ok "report (Markdown): writes only r.md and its charts r.KIND.svg"
	else
		bad "report (Markdown): also wrote $(ls -A "$cwd") $extra"
	fi
fi

# ---- (e) standard output on a full device -------------------------------
for c in stats change waves convert cortisol validate instruments simulate; do
	exists "$c" || { skip "dyad $c does not exist yet"; continue; }
	case $c in
	simulate)    a="simulate --children 30 --seed 5" ;;
	instruments) a="instruments" ;;
	cortisol)    a="cortisol $in/cort.csv" ;;
	*)           a="$c $in/sim.csv" ;;
	esac
	"$DYAD" $a > /dev/full 2> "$tmp/err"
	rc=$?
	# said once (not by the writer and again at exit)
	if [ $rc -eq 1 ] && [ "$(grep -c 'standard output' "$tmp/err")" -eq 1 ]
	then
		ok "$c > /dev/full: exit 1, '$(head -1 "$tmp/err")'"
	else
		bad "$c > /dev/full: exit $rc, '$(head -1 "$tmp/err")'"
	fi
done
if $have_gnuplot && exists plot; then
	"$DYAD" plot prepost --script "$in/sim.csv" > /dev/full 2> "$tmp/err"
	rc=$?
	if [ $rc -eq 1 ] && [ -s "$tmp/err" ]; then
		ok "plot --script > /dev/full: exit 1 with a message"
	else
		bad "plot --script > /dev/full: exit $rc, '$(head -1 "$tmp/err")'"
	fi
fi

# ---- (f) a reader that goes away ----------------------------------------
"$DYAD" simulate --children 2000 --seed 9 -o "$in/big.csv" 2>/dev/null
for a in "stats $in/big.csv" "change $in/big.csv" "convert $in/big.csv" \
    "validate $in/big.csv"; do
	c=${a%% *}
	exists "$c" || continue
	{ "$DYAD" $a 2> "$tmp/err"; echo $? > "$tmp/rc"; } | head -1 > /dev/null
	rc=$(cat "$tmp/rc")
	if { [ "$rc" -eq 141 ] || [ "$rc" -eq 0 ]; } && [ ! -s "$tmp/err" ]; then
		ok "$c big.csv | head -1: exit $rc, nothing on stderr"
	else
		bad "$c big.csv | head -1: exit $rc: $(head -2 "$tmp/err")"
	fi
done

# ---- (g) -o naming a device or a pipe ---------------------------------------
dev=$tmp/dev
mkdir -p "$dev"
for c in $CMDS; do
	exists "$c" || continue
	[ "$c" = plot ] && continue     # a picture: refused, below
	f=$dev/$(outname "$c")          # the extension picks the format
	rm -f "$dev"/* && mkfifo "$f" || bad "mkfifo"
	timeout 60 cat "$f" > "$tmp/got" &
	reader=$!
	(cd "$tmp" && exec timeout 60 "$DYAD" $(args "$c" "$(input_of "$c")" \
	    "$f")) > /dev/null 2> "$tmp/err"
	rc=$?
	wait $reader
	if [ $rc -eq 0 ] && [ -p "$f" ] && [ -s "$tmp/got" ] &&
	    [ "$(ls -A "$dev" | wc -l)" -eq 1 ]; then
		ok "$c -o FIFO: written through it ($(wc -c < "$tmp/got") bytes), still a FIFO"
	else
		bad "$c -o FIFO: exit $rc, $(ls -l "$dev" | tail -n +2 | tr '\n' ' ') $(head -1 "$tmp/err")"
	fi
done
if $have_gnuplot && exists report; then
	# with charts: their temporaries go to TMPDIR, not beside the FIFO.
	# As root the FIFO sits on a read-only tmpfs, where nothing can be
	# made beside it (a FIFO there still opens for writing)
	rdir=$dev
	rm -f "$dev"/*
	if [ "$(id -u)" = 0 ] && mkdir -p "$tmp/ro" &&
	    mount -t tmpfs -o size=64k tmpfs "$tmp/ro" 2>/dev/null; then
		mkfifo "$tmp/ro/out.html"
		mount -o remount,ro "$tmp/ro" && rdir=$tmp/ro
	fi
	[ "$rdir" = "$dev" ] && mkfifo "$dev/out.html"
	timeout 60 cat "$rdir/out.html" > "$tmp/got" &
	reader=$!
	timeout 120 "$DYAD" report "$in/sim.csv" -o "$rdir/out.html" \
	    > /dev/null 2> "$tmp/err"
	rc=$?
	wait $reader
	if [ $rc -eq 0 ] && grep -q 'data:image/svg' "$tmp/got" &&
	    [ "$(ls -A "$rdir" | wc -l)" -eq 1 ]; then
		ok "report with charts -o FIFO ($([ "$rdir" = "$dev" ] || echo 'read-only file system, ')charts drawn in TMPDIR)"
	else
		bad "report with charts -o FIFO: exit $rc, $(ls -A "$rdir" | tr '\n' ' ') $(head -1 "$tmp/err")"
	fi
	[ "$rdir" = "$dev" ] || umount "$tmp/ro"
fi
rm -f "$dev"/*
mkfifo "$dev/fifo.png" || bad "mkfifo"
if exists plot; then
	# no reader: a picture must be refused before the FIFO is opened
	timeout 20 "$DYAD" plot prepost "$in/sim.csv" -o "$dev/fifo.png" \
	    > /dev/null 2> "$tmp/err"
	rc=$?
	if [ $rc -eq 2 ] && [ -p "$dev/fifo.png" ] &&
	    grep -q 'not a regular file' "$tmp/err"; then
		ok "plot -o FIFO: refused (exit 2), still a FIFO"
	else
		bad "plot -o FIFO: exit $rc, $(head -1 "$tmp/err")"
	fi
fi
if [ "$(id -u)" = 0 ] && mknod "$dev/probe" c 1 3 2>/dev/null; then
	for c in $CMDS; do
		exists "$c" || continue
		[ "$c" = plot ] && continue
		f=$dev/$(outname "$c")
		rm -f "$dev"/*
		mknod "$f" c 1 3
		(cd "$tmp" && exec "$DYAD" $(args "$c" "$(input_of "$c")" \
		    "$f")) > /dev/null 2> "$tmp/err"
		rc=$?
		if [ $rc -eq 0 ] && [ -c "$f" ] && [ "$(ls -A "$dev" | wc -l)" -eq 1 ]
		then
			ok "$c -o a null device: exit 0, still a device"
		else
			bad "$c -o a null device: exit $rc, $(ls -l "$dev" | tail -n +2 | tr '\n' ' ')"
		fi
		rm -f "$f"
		mknod "$f" c 1 7
		(cd "$tmp" && exec "$DYAD" $(args "$c" "$(input_of "$c")" \
		    "$f")) > /dev/null 2> "$tmp/err"
		rc=$?
		if [ $rc -eq 1 ] && [ -c "$f" ] && [ "$(wc -l < "$tmp/err")" -eq 1 ]
		then
			ok "$c -o a full device: exit 1, '$(head -1 "$tmp/err")'"
		else
			bad "$c -o a full device: exit $rc, $(ls -l "$f") $(head -2 "$tmp/err")"
		fi
	done
	rm -f "$dev/null.xlsx"
	mknod "$dev/null.xlsx" c 1 3
	"$DYAD" stats "$in/sim.csv" -o "$dev/null.xlsx" > /dev/null 2> "$tmp/err"
	rc=$?
	if [ $rc -eq 2 ] && [ -c "$dev/null.xlsx" ]; then
		ok "stats -o a device named .xlsx: refused (exit 2), still a device"
	else
		bad "stats -o a device named .xlsx: exit $rc, $(ls -l "$dev/null.xlsx")"
	fi
else
	skip "-o a device: needs root to make one"
fi

exit $failed
