# round.awk - print the input with every number of more than 10 significant
# digits rounded to 10.  The golden tests of machine formats pipe dyad's
# output through it: dyad prints each double with the digits needed to read
# it back, and the last of those digits depend on the C library's maths
# functions (they differ under valgrind, and between CPUs), not on dyad.
{
	out = ""
	s = $0
	while (match(s, /-?[0-9]+\.[0-9]+(e[-+]?[0-9]+)?/)) {
		tok = substr(s, RSTART, RLENGTH)
		d = tok
		sub(/e.*/, "", d)
		gsub(/[^0-9]/, "", d)
		sub(/^0+/, "", d)
		if (length(d) > 10)
			tok = sprintf("%.10g", tok + 0)
		out = out substr(s, 1, RSTART - 1) tok
		s = substr(s, RSTART + RLENGTH)
	}
	print out s
}
