/* error.c - generic status texts and the error-record helpers. */
#include <string.h>

#include "dyad/error.h"

const char *
dyad_strstatus(enum dyad_status s)
{
	switch (s) {
	case DYAD_OK:        return "success";
	case DYAD_ENOMEM:    return "out of memory";
	case DYAD_EIO:       return "input/output error";
	case DYAD_EPARSE:    return "malformed input";
	case DYAD_EDATA:     return "invalid data";
	case DYAD_EINVAL:    return "invalid argument";
	case DYAD_EDOMAIN:   return "statistic undefined for these data";
	case DYAD_ENOTFOUND: return "not found";
	}
	return "unknown status";
}

void
dyad_error_clear(struct dyad_error *err)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof(*err));
}
