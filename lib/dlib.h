/* dlib.h - the optional libraries (libxlsxwriter, libreadstat) loaded with
 * dlopen on first use, so that a run that never writes .xlsx or reads an
 * SPSS, Stata or SAS file does not load them and what they link (libcrypto,
 * minizip, zlib): that was half of a small run's start-up. */
#ifndef DYAD_DLIB_H
#define DYAD_DLIB_H

#include <stddef.h>             /* offsetof */

#include "dyad/error.h"

/* One function to resolve: its name and where its pointer goes (offsetof in
 * the caller's table of pointers, each declared with __typeof__ from the
 * library's own header, so the prototypes are checked at compile time). */
struct dy_dl_sym {
	const char *name;
	size_t off;
};

/* For a list macro FUNCS(X) that names each function as X(f): a table of
 * pointers is "struct api { FUNCS(DY_DL_FIELD) };", and its entries for
 * dy_dl_open are "#define SYM(f) DY_DL_SYM(struct api, f)" then
 * "{ FUNCS(SYM) }". */
#define DY_DL_FIELD(f) __typeof__(&f) f;
#define DY_DL_SYM(type, f) { #f, offsetof(type, f) },

/* The sonames come from the Makefile (the libraries the build compiled
 * against); these are Debian 12's. */
#ifndef DY_SONAME_XLSXWRITER
#define DY_SONAME_XLSXWRITER "libxlsxwriter.so.4"
#endif
#ifndef DY_SONAME_READSTAT
#define DY_SONAME_READSTAT "libreadstat.so.1"
#endif

/* Load the library soname (RTLD_NOW | RTLD_LOCAL) and store each of the n
 * functions' addresses at api + syms[i].off.  *handle is for dy_dl_close,
 * which the caller calls when done (dlopen counts references, so each use
 * may open its own).  When the library cannot be loaded or lacks a
 * function: DYAD_ENOTFOUND, *handle NULL, and err says "WHAT needs SONAME
 * (Debian package PKG)", PKG made from the soname by Debian's rule. */
enum dyad_status dy_dl_open(void **handle, void *api,
    const struct dy_dl_sym *syms, size_t n, const char *soname,
    const char *what, struct dyad_error *err);

/* Release a handle from dy_dl_open; NULL is fine. */
void dy_dl_close(void *handle);

#endif
