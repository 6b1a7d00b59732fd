/* dyad.h - the whole public API of libdyad. */
#ifndef DYAD_H
#define DYAD_H

#include "dyad/error.h"
#include "dyad/num.h"
#include "dyad/catalog.h"
#include "dyad/data.h"
#include "dyad/escape.h"
#include "dyad/table.h"
#include "dyad/simulate.h"
#include "dyad/stats.h"
#include "dyad/analysis.h"
#include "dyad/waves.h"
#include "dyad/cortisol.h"
#include "dyad/plot.h"
#include "dyad/sha256.h"
#include "dyad/report.h"
#include "dyad/xlsx.h"

/* The library's version, e.g. "0.1.0". */
const char *dyad_version(void);

#endif
