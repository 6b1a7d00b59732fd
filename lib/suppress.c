/* suppress.c - primary and complementary small-cell suppression (CMS cell
 * size policy: no cell of 1-10 shown, none recoverable from the others). */
#include "suppress.h"

void
dy_suppress_cells(const long long *v, size_t n, long long total,
    long long min_cell, const enum dy_cell *kind, bool *hide, bool *hide_total)
{
	size_t i, hidden = 0, best = n;

	*hide_total = total >= 1 && total < min_cell;
	for (i = 0; i < n; i++) {
		hide[i] = v[i] >= 1 && v[i] < min_cell;
		hidden += hide[i];
	}
	if (total < 0 || *hide_total || hidden != 1)
		return;
	for (i = 0; kind != NULL && i < n && best == n; i++)
		if (!hide[i] && v[i] > 0 && kind[i] == DY_CELL_UNSHOWN)
			best = i;       /* hiding it costs the reader nothing */
	if (best == n)
		for (i = 0; i < n; i++)
			if (!hide[i] && v[i] > 0 && (kind == NULL ||
			    kind[i] == DY_CELL_SHOWN) && (best == n || v[i] < v[best]))
				best = i;
	if (best < n)
		hide[best] = true;
	else
		*hide_total = true;
}

void
dy_suppress(const long long *v, size_t n, long long total, long long min_cell,
    const bool *shown, bool *hide, bool *hide_total)
{
	enum dy_cell kind[64];
	size_t i;

	for (i = 0; i < n && i < 64; i++)
		kind[i] = shown == NULL || shown[i] ? DY_CELL_SHOWN : DY_CELL_UNSHOWN;
	dy_suppress_cells(v, n < 64 ? n : 64, total, min_cell, kind, hide,
	    hide_total);
}
