/* dyad/error.h - status codes and the error record every fallible call fills. */
#ifndef DYAD_ERROR_H
#define DYAD_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Every fallible library function returns one of these; DYAD_OK is 0. */
enum dyad_status {
	DYAD_OK = 0,
	DYAD_ENOMEM,    /* out of memory */
	DYAD_EIO,       /* read or write failed; err->sys_errno says why */
	DYAD_EPARSE,    /* malformed input text (CSV, number, date) */
	DYAD_EDATA,     /* well-formed input that breaks a rule (range, duplicate) */
	DYAD_EINVAL,    /* bad argument from the caller */
	DYAD_EDOMAIN,   /* a statistic is undefined for these data (too few, zero variance) */
	DYAD_ENOTFOUND  /* a named thing (measure, column) does not exist */
};

#define DYAD_MSG_SIZE 256

/* Where and what went wrong.  The library fills it; the caller words it.
 * Line and field are 1-based; 0 means "does not apply". */
struct dyad_error {
	enum dyad_status status;
	size_t line;            /* physical line in the input where the record starts */
	size_t field;           /* 1-based CSV field */
	int sys_errno;          /* errno for DYAD_EIO, else 0 */
	char msg[DYAD_MSG_SIZE]; /* lowercase, no trailing full stop, user text quoted */
};

/* Fixed generic text for a status (never NULL). */
const char *dyad_strstatus(enum dyad_status s);

/* Reset an error record to DYAD_OK with an empty message; NULL is fine. */
void dyad_error_clear(struct dyad_error *err);

#ifdef __cplusplus
}
#endif
#endif
