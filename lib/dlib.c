/* dlib.c - optional libraries loaded on first use (see dlib.h). */
#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "dlib.h"
#include "internal.h"

/* Debian names a library's package after its soname: libfoo.so.4 is in
 * libfoo4, libfoo2.so.1 in libfoo2-1. */
static void
deb_package(char *buf, size_t len, const char *soname)
{
	const char *so = strstr(soname, ".so.");
	size_t n = so != NULL ? (size_t)(so - soname) : strlen(soname);
	bool digit = n > 0 && soname[n - 1] >= '0' && soname[n - 1] <= '9';

	snprintf(buf, len, "%.*s%s%s", (int)n, soname, digit ? "-" : "",
	    so != NULL ? so + 4 : "");
}

enum dyad_status
dy_dl_open(void **handle, void *api, const struct dy_dl_sym *syms, size_t n,
    const char *soname, const char *what, struct dyad_error *err)
{
	char pkg[64];
	void *h, *f;
	size_t i;

	*handle = NULL;
	deb_package(pkg, sizeof(pkg), soname);
	h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL)
		return dy_fail(err, DYAD_ENOTFOUND, 0, 0, "%s needs %s (Debian "
		    "package %s)", what, soname, pkg);
	for (i = 0; i < n; i++) {
		f = dlsym(h, syms[i].name);
		if (f == NULL) {
			dlclose(h);
			return dy_fail(err, DYAD_ENOTFOUND, 0, 0, "%s needs %s (Debian "
			    "package %s), and the one installed has no %s()", what,
			    soname, pkg, syms[i].name);
		}
		/* POSIX: a function's address is returned as a void *; copied, not
		 * converted, because ISO C has no object-to-function conversion */
		memcpy((char *)api + syms[i].off, &f, sizeof(f));
	}
	*handle = h;
	return DYAD_OK;
}

void
dy_dl_close(void *handle)
{
	if (handle != NULL)
		dlclose(handle);
}
