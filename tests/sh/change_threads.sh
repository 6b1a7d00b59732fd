#!/bin/sh
# change_threads.sh - dyad change formats its rows on two threads when there
# are 20,000 pairs or more (lib/putrows.c): --threads 2 must write the bytes
# of --threads 1 in CSV, TSV and JSON (with --csv-safe), and a write error
# (/dev/full, a reader that goes away) must end it without a hang.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
DYAD=$TOP/dyad
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$DYAD" simulate --children 4000 --seed 11 -o "$tmp/sim.csv" || {
	echo "not ok - change threads: dyad simulate failed"; exit 0; }
f=$tmp/sim.csv
# the threshold must be crossed, else the comparison below proves nothing
n=$("$DYAD" change -f csv --threads 1 "$f" 2>/dev/null | wc -l)
if [ "$n" -gt 20001 ]; then
	echo "ok - change threads: $((n - 1)) pairs, over 20,000"
else
	echo "not ok - change threads: only $((n - 1)) pairs, under 20,000"
fi
for fmt in csv tsv json; do
	"$DYAD" change -f $fmt --csv-safe --threads 1 "$f" > "$tmp/one" \
	    2>/dev/null
	r1=$?
	"$DYAD" change -f $fmt --csv-safe --threads 2 "$f" > "$tmp/two" \
	    2>/dev/null
	r2=$?
	if [ $r1 -eq 0 ] && [ $r2 -eq 0 ] && [ -s "$tmp/one" ] &&
	    cmp -s "$tmp/one" "$tmp/two"; then
		echo "ok - change threads: -f $fmt --threads 2 = --threads 1"
	else
		echo "not ok - change threads: -f $fmt differs ($r1, $r2)"
		cmp "$tmp/one" "$tmp/two" | head -2
	fi
done
# a full disk: exit 1 with the message, in good time (no worker left
# waiting for a slot)
timeout 60 "$DYAD" change -f csv --threads 2 "$f" > /dev/full 2> "$tmp/err"
rc=$?
if [ $rc -eq 1 ] && grep -q 'write error' "$tmp/err"; then
	echo "ok - change threads: > /dev/full exits 1, '$(head -1 "$tmp/err")'"
else
	echo "not ok - change threads: > /dev/full exit $rc," \
	    "'$(head -1 "$tmp/err")'"
fi
# a reader that goes away: SIGPIPE (141) or 0, nothing on stderr, no hang
{ timeout 60 "$DYAD" change -f csv --threads 2 "$f" 2> "$tmp/err"
  echo $? > "$tmp/rc"; } | head -1 > /dev/null
rc=$(cat "$tmp/rc")
if { [ "$rc" -eq 141 ] || [ "$rc" -eq 0 ]; } && [ ! -s "$tmp/err" ]; then
	echo "ok - change threads: | head -1 exits $rc, nothing on stderr"
else
	echo "not ok - change threads: | head -1 exit $rc:" \
	    "$(head -2 "$tmp/err")"
fi
exit 0
