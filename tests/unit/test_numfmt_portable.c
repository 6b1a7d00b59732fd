/* test_numfmt_portable.c - lib/num.c compiled here without 128-bit integers
 * (the path for compilers that have none), against the same printf
 * reference as test_numfmt.c.  This program's dyad_num_* are the ones in
 * the included source, not the library's. */
#define DY_NUM_NO_INT128 1
#include "../../lib/num.c"

#include "num_ref.h"

int
main(void)
{
	ref_suite("portable", ref_count(50000), ref_count(5000));
	return check_summary();
}
