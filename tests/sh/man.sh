#!/bin/sh
# man.sh - the man pages against the code (git's t0450 idea): a page per
# subcommand, every page clean under mandoc -Tlint -Wstyle and groff -ww,
# the options --help prints are the options in the page's SYNOPSIS, and
# each has an entry in the page's option list.
# Prints "ok - ..." / "not ok - ..." / "skip - ..." lines; run from any cwd.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
DYAD=$TOP/dyad
MAN=$TOP/man
failed=0

ok()   { echo "ok - $1"; }
bad()  { echo "not ok - $1"; failed=1; }
skip() { echo "skip - $1"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dyad-man.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# The subcommands: each cli/NAME.c that defines cmd_NAME (main.c, common.c
# and helpers such as util_pair.c define none).
cmds=
for f in "$TOP"/cli/*.c; do
	name=$(basename "$f" .c)
	grep -q "^cmd_$name(" "$f" && cmds="$cmds $name"
done
[ -n "$cmds" ] || bad "no cli/NAME.c defines cmd_NAME"

for name in $cmds; do
	if [ -f "$MAN/dyad-$name.1" ]; then
		ok "cli/$name.c has man/dyad-$name.1"
	else
		bad "cli/$name.c has no man page man/dyad-$name.1"
	fi
done

# Every command that 'dyad --help' lists is in dyad.1's list of commands,
# and has its own page when its cli file was not found above.
if [ -x "$DYAD" ]; then
	listed=$("$DYAD" --help |
	    sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' | tr '\n' ' ')
	[ -n "$listed" ] || bad "dyad --help lists no commands"
	for name in $listed; do
		if grep -q "^\.It Cm $name\$" "$MAN/dyad.1"; then
			ok "dyad.1 lists the command $name"
		else
			bad "dyad --help lists '$name' but dyad.1 has no .It Cm $name"
		fi
		case " $cmds " in
		*" $name "*) ;;
		*) [ -f "$MAN/dyad-$name.1" ] ||
			bad "dyad --help lists '$name' but there is no man/dyad-$name.1" ;;
		esac
	done
	# ... and dyad.1 lists no command that is not there.
	for name in $(sed -n '/^\.Sh DESCRIPTION/,/^\.El/s/^\.It Cm \([a-z][a-z-]*\)$/\1/p' "$MAN/dyad.1"); do
		case " $listed " in
		*" $name "*) ;;
		*) bad "dyad.1 lists the command $name, dyad --help does not" ;;
		esac
	done
else
	bad "$DYAD is not built"
fi

# Lint.  .Xr references are looked up in a man path, so give mandoc one
# that holds these pages.
mkdir -p "$tmp/man1"
for page in "$MAN"/*.1; do
	ln -s "$page" "$tmp/man1/$(basename "$page")"
done
if command -v mandoc >/dev/null 2>&1; then
	for page in "$MAN"/*.1; do
		p=$(basename "$page")
		MANPATH=$tmp mandoc -Tlint -Wstyle "$page" > "$tmp/lint" 2>/dev/null
		rc=$?
		if [ $rc -eq 0 ] && [ ! -s "$tmp/lint" ]; then
			ok "mandoc -Tlint -Wstyle $p"
		else
			bad "mandoc -Tlint -Wstyle $p (exit $rc)"
			sed 's/^/# /' "$tmp/lint"
		fi
	done
else
	skip "mandoc -Tlint: mandoc is not installed"
fi
if command -v groff >/dev/null 2>&1; then
	for page in "$MAN"/*.1; do
		p=$(basename "$page")
		if groff -ww -z -mandoc "$page" > "$tmp/groff" 2>&1 &&
		    [ ! -s "$tmp/groff" ]; then
			ok "groff -ww -z -mandoc $p"
		else
			bad "groff -ww -z -mandoc $p"
			sed 's/^/# /' "$tmp/groff"
		fi
	done
else
	skip "groff -ww: groff is not installed"
fi

# Options: the "--long" and "-x" words of a usage text, one per line.
help_opts() {
	tr ' |[]' '\n\n\n\n' |
	    awk '/^--[A-Za-z]/ || /^-[A-Za-z]([^A-Za-z0-9]|$)/ {
		sub(/[^A-Za-z0-9-].*/, ""); print }' | sort -u
}
# The same from mdoc source: "Fl -long" gives --long, "Fl x" gives -x.
man_opts() {
	awk '{ for (i = 1; i < NF; i++) if ($i == "Fl" || $i == ".Fl") {
		o = $(i + 1)
		if (o ~ /^-[A-Za-z][A-Za-z0-9-]*$/ || o ~ /^[A-Za-z]$/)
			print "-" o
	} }' | sort -u
}
# The SYNOPSIS section of a page.
synopsis() {
	sed -n '/^\.Sh SYNOPSIS/,/^\.Sh /p' "$1" | sed '$d'
}

# check_opts LABEL PAGE HELPFILE [items]: the options of --help and of the
# SYNOPSIS are the same set; with "items", each also heads an option entry
# (.It Fl ...) in the page.
check_opts() {
	label=$1 page=$2 help=$3 items=${4:-}
	p=$(basename "$page")
	help_opts < "$help" > "$tmp/h"
	synopsis "$page" | man_opts > "$tmp/s"
	grep '^\.It Fl ' "$page" | man_opts > "$tmp/i"
	[ -s "$tmp/h" ] || bad "$label: --help shows no options"
	for o in $(cat "$tmp/h"); do
		if grep -qx -- "$o" "$tmp/s"; then
			ok "$label: $o from --help is in the SYNOPSIS of $p"
		else
			bad "$label: $o is in --help but not in the SYNOPSIS of $p (as Fl ${o#-})"
		fi
		[ -n "$items" ] || continue
		if grep -qx -- "$o" "$tmp/i"; then
			ok "$label: $o is described in $p"
		else
			bad "$label: $o is in --help but $p has no .It Fl ${o#-} entry"
		fi
	done
	for o in $(cat "$tmp/s"); do
		if grep -qx -- "$o" "$tmp/h"; then
			ok "$label: SYNOPSIS $o is in --help"
		else
			bad "$label: SYNOPSIS of $p has $o, --help does not"
		fi
	done
}

if [ -x "$DYAD" ]; then
	"$DYAD" --help > "$tmp/help" 2>&1
	check_opts "dyad" "$MAN/dyad.1" "$tmp/help"
	for name in $cmds; do
		[ -f "$MAN/dyad-$name.1" ] || continue
		if "$DYAD" "$name" --help > "$tmp/help" 2>&1; then
			check_opts "dyad $name" "$MAN/dyad-$name.1" "$tmp/help" items
		else
			bad "dyad $name --help exits $?"
		fi
	done
fi
exit $failed
