#!/bin/sh
# pooled.sh - `dyad change` output of several files feeds `dyad stats`:
# the example data split by site, changed per site, then pooled, gives the
# same statistics as the whole file (every key but n_pre and n_post, which
# count people with only one score and so are not in change output).
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
data=$TOP/examples/cpp.csv
head -1 "$data" > "$tmp/h"
for s in 1 2 3; do
	{ cat "$tmp/h"; grep ",Site $s," "$data"; } > "$tmp/site$s.csv"
	"$TOP/dyad" change -f csv "$tmp/site$s.csv" > "$tmp/change$s.csv" || {
		echo "not ok - pooled: dyad change failed on site $s"; exit 0; }
done
"$TOP/dyad" stats -f csv "$tmp/change1.csv" "$tmp/change2.csv" \
    "$tmp/change3.csv" > "$tmp/pooled.csv" 2> "$tmp/err" || {
	echo "not ok - pooled: dyad stats on change output failed: $(head -2 "$tmp/err")"; exit 0; }
"$TOP/dyad" stats -f csv "$data" > "$tmp/whole.csv"
python3 - "$tmp/pooled.csv" "$tmp/whole.csv" <<'PY'
import csv, sys
a = {r["measure"]: r for r in csv.DictReader(open(sys.argv[1]))}
b = {r["measure"]: r for r in csv.DictReader(open(sys.argv[2]))}
diff = [f"{m}.{k}: {a.get(m, {}).get(k)} vs {v}" for m in b for k, v in b[m].items()
        if k not in ("n_pre", "n_post") and a.get(m, {}).get(k) != v]
print(("ok" if not diff and len(a) == len(b) else "not ok") +
      " - pooled: stats of 3 per-site change files equal the whole file's" +
      ("" if not diff else ": " + "; ".join(diff[:3])))
PY
