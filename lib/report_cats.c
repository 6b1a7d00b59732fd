/* report_cats.c - small-cell suppression of an outcome's reliable-change
 * counts, shared by the report (report.c) and its workbook (report_xlsx.c). */
#include <string.h>

#include "report_cats.h"
#include "suppress.h"

void
dy_outcome_cats(const struct dyad_outcome *o, long long min,
    struct dy_cats *c)
{
	long long v[3] = { o->rci_improved, o->rci_unchanged, o->rci_deteriorated };
	const bool shown[3] = { true, false, true }, shown2[2] = { true, false };
	bool h[3], ht, h2[2];

	memset(c, 0, sizeof(*c));
	c->withheld = min > 1 && (long long)o->n_pairs < min;
	c->have_rci = o->rci_improved >= 0;
	c->have_rec = o->recovered >= 0;
	if (!c->have_rci)
		return;
	dy_suppress(v, 3, (long long)o->n_pairs, min, shown, h, &ht);
	c->h_imp = h[0] || ht;
	c->h_det = h[2] || ht;
	if (c->have_rec) {
		long long w[2] = { o->recovered, o->rci_improved - o->recovered };

		dy_suppress(w, 2, c->h_imp ? -1 : o->rci_improved, min, shown2,
		    h2, &ht);
		c->h_rec = h2[0] || c->h_imp;
		/* a small "improved but not recovered" would follow from the
		 * two shown counts: hide recovered instead */
		if (h2[1])
			c->h_rec = true;
	}
}
