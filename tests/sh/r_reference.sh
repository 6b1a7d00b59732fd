#!/bin/sh
# r_reference.sh - dyad stats and dyad change agree with R 4.2 (numbers made
# by tests/ref/make_reference.R) on crafted edge cases, a --by run with a
# group of one, and the shipped example data.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
REF=$TOP/tests/ref
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
extra="--catalog-add $REF/extra_catalog.csv"
for case in crafted bygroup cpp; do
	by=""
	[ "$case" = bygroup ] && by="--by site"
	for kind in stats change; do
		if ! "$TOP/dyad" $kind $extra $by -f csv "$REF/$case.input.csv" \
		    > "$tmp/$case.$kind.csv" 2> "$tmp/err"; then
			echo "not ok - r_reference $case $kind: dyad failed: $(head -3 "$tmp/err")"
			continue
		fi
		python3 "$REF/compare.py" $kind "$REF/$case.${kind}_R.csv" \
		    "$tmp/$case.$kind.csv" "$REF/overrides.csv" "$case" |
		    sed "s/^\(not \)\{0,1\}ok - /&$case: /"
	done
done
