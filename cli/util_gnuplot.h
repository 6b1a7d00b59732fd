/* util_gnuplot.h - run gnuplot on a script, safely: no shell, the script on a
 * pipe, its complaints captured and reported. */
#ifndef DYAD_CLI_UTIL_GNUPLOT_H
#define DYAD_CLI_UTIL_GNUPLOT_H

#include <stdbool.h>
#include <stddef.h>

/* Run gnuplot ($DYAD_GNUPLOT, else "gnuplot" on PATH) on the len bytes of
 * script.  With stdout_passthrough, gnuplot's standard output is ours (the
 * dumb terminal draws there); otherwise it is discarded.  Its standard
 * error goes to a temporary file.  Returns 0 when gnuplot exited 0 and
 * reported no error; otherwise prints "dyad: gnuplot failed:" and what
 * gnuplot said (or how to install it when it is missing) and returns 1.
 * Harmless warnings are passed on and do not fail the run. */
int cli_gnuplot_run(const char *script, size_t len, bool stdout_passthrough);

/* Did gnuplot write the whole chart to path?  gnuplot does not check its
 * writes: on a full disk it exits 0 and leaves a cut file.  Each terminal's
 * output ends in a known way (png: the IEND chunk, svg: </svg>, pdf:
 * %%EOF, dumb: a line break), so a cut file is caught before it replaces a
 * good one.  False also when path cannot be read or is empty. */
bool cli_gnuplot_complete(const char *path, const char *terminal);

#endif
