# paired_dt.R FILE - the paired job in R with data.table, as an evaluator
# would write it: read, pivot to pre/post, t.test and wilcox.test per measure.
suppressMessages(library(data.table))
setDTthreads(0)
f <- commandArgs(TRUE)[1]
d <- fread(f, na.strings = c("", "NA", "."))
d <- d[!is.na(score) & timepoint %in% c("intake", "discharge")]
w <- dcast(d, child_id + caregiver_id + measure ~ timepoint, value.var = "score")
w <- w[!is.na(intake) & !is.na(discharge)]
res <- w[, {
  tt <- t.test(discharge, intake, paired = TRUE)
  wt <- suppressWarnings(wilcox.test(discharge, intake, paired = TRUE))
  list(n = .N, mean_change = mean(discharge - intake), t = tt$statistic,
       p_t = tt$p.value, v = wt$statistic, p_w = wt$p.value)
}, by = measure]
fwrite(res)  # file = "": standard output
