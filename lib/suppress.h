/* suppress.h - small-cell suppression for funder-facing counts. */
#ifndef DYAD_SUPPRESS_H
#define DYAD_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

/* Decide which of n counts v[] (parts of a shown total) to hide so that no
 * count from 1 to min_cell - 1 can be seen or worked out.  Primary: every
 * part and the total in 1..min_cell-1 are hidden (0 may be shown).
 * Complementary: when exactly one part is hidden and the total is shown,
 * another positive part is hidden too, so the hidden one cannot be
 * recovered by subtraction: a part that is not displayed anyway when there
 * is one (shown[i] false; shown may be NULL for "all displayed"), else the
 * smallest displayed one; when no such part exists the total is hidden.
 * min_cell <= 1 hides nothing.  total < 0 means "no total shown". */
void dy_suppress(const long long *v, size_t n, long long total,
    long long min_cell, const bool *shown, bool *hide, bool *hide_total);

/* The same with three kinds of part: DY_CELL_SHOWN, DY_CELL_UNSHOWN (not
 * displayed: the preferred complement) and DY_CELL_PUBLIC (displayed or
 * derivable elsewhere, so hiding it protects nothing: never a complement). */
enum dy_cell { DY_CELL_SHOWN, DY_CELL_UNSHOWN, DY_CELL_PUBLIC };
void dy_suppress_cells(const long long *v, size_t n, long long total,
    long long min_cell, const enum dy_cell *kind, bool *hide,
    bool *hide_total);

#endif
