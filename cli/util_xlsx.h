/* util_xlsx.h - Excel workbooks from the commands: -o FILE.xlsx is written to
 * a temporary file beside FILE and renamed into place on success. */
#ifndef DYAD_CLI_UTIL_XLSX_H
#define DYAD_CLI_UTIL_XLSX_H

#include <stdbool.h>

#include "cli.h"
#include "util_pair.h"

/* Does path name a workbook (".xlsx", any case)? */
bool cli_xlsx_path(const char *path);

/* Make the temporary file for path (cli_out_open's naming scheme) and close
 * its stream: libxlsxwriter writes to o->tmp by name.  Returns an exit code. */
int cli_xlsx_begin(struct cli_out *o, const char *path, int nin,
    char **inputs);

/* After the library wrote o->tmp with status st: rename it into place, or
 * report err and remove it.  Returns an exit code. */
int cli_xlsx_commit(struct cli_out *o, enum dyad_status st,
    const struct dyad_error *err);

/* stats, change (p->book) or any other table t as a workbook at p->output,
 * with legend as its method notes. */
int cli_pair_xlsx(struct cli_pair *p, const struct dyad_table *t,
    const char *legend, int nfiles, char **files);

#endif
