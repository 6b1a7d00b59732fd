#!/bin/sh
# charts.sh - draw examples/charts/*.png, one picture of every kind of
# 'dyad plot' chart for the example data, as the README shows them.
# Run by 'make charts' from the top of the tree; needs ./dyad and gnuplot.
set -eu
cd "$(dirname "$0")/.."
DYAD=${DYAD:-./dyad}
data=examples/cpp.csv
out=examples/charts

if [ ! -f "$data" ]; then
	"$DYAD" simulate --children 120 --seed 2026 --sites 3 -o "$data"
fi
mkdir -p "$out"
plot() {        # plot NAME KIND [options]: draw $out/NAME.png
	name=$1; shift
	echo "dyad plot $* $data -o $out/$name.png"
	"$DYAD" plot "$@" "$data" -o "$out/$name.png"
}
plot prepost prepost
plot prepost-by-site prepost --by site
plot forest forest
plot forest-by-site forest --by site
plot jt-cesd jt --measure CESD
plot jt-cbcl-int jt --measure CBCL15_INT
plot change change
plot trajectory trajectory
plot trajectory-individuals trajectory --individuals --subject parent
