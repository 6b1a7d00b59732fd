/* dyad/sha256.h - SHA-256 (FIPS 180-4), to fingerprint input files in reports. */
#ifndef DYAD_SHA256_H
#define DYAD_SHA256_H

#include <stddef.h>
#include <stdio.h>

#include "dyad/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* SHA-256 of len bytes at p as 64 lower-case hex digits and a NUL. */
void dyad_sha256(const void *p, size_t len, char hex[65]);

/* SHA-256 of everything readable from f.  DYAD_EIO on a read error. */
enum dyad_status dyad_sha256_file(FILE *f, char hex[65],
    struct dyad_error *err);

#ifdef __cplusplus
}
#endif
#endif
