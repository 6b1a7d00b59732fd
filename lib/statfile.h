/* statfile.h - SPSS, Stata and SAS files read with ReadStat into the same
 * records the CSV reader produces, so that ingest checks them unchanged. */
#ifndef DYAD_STATFILE_H
#define DYAD_STATFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "csvread.h"
#include "dyad/data.h"
#include "dyad/error.h"

/* Asked once per field after the header record has been handled: true when
 * the field's values are written as their value label (and numeric dates as
 * YYYY-MM-DD), false when they stay numbers (scores). */
typedef bool (*dy_stat_text_fn)(size_t field, void *ctx);

/* Read the file at path, which is in format fmt (not DYAD_INPUT_CSV).  fn
 * gets a header record with the variable names (line 0), then one record per
 * case (line = the case number, from 1), each value as text: numbers in their
 * shortest round-trip form, and every missing value (system-missing, SPSS
 * user-missing values and ranges, Stata's .a to .z) as an empty field.  When
 * fn returns nonzero the read stops and DYAD_OK is returned: the caller keeps
 * its own status.  ReadStat's errors return DYAD_EPARSE (DYAD_EIO when the
 * file cannot be opened, with err->sys_errno) and its message, line 0;
 * libreadstat is loaded here (dlib.h), and DYAD_ENOTFOUND says it is
 * missing. */
enum dyad_status dy_stat_read(const char *path, enum dyad_input_format fmt,
    dy_record_fn fn, dy_stat_text_fn as_text, void *ctx,
    struct dyad_error *err);

#endif
