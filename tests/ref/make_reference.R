# make_reference.R - reference numbers for dyad stats and dyad change,
# computed independently in R 4.2 (base stats, effectsize 0.8.3, metafor 3.8).
# Run from the repository root:  Rscript tests/ref/make_reference.R
# It writes the crafted inputs tests/ref/*.input.csv, and for every input the
# R results *.stats_R.csv and *.change_R.csv that tests/sh/r_reference.sh
# compares dyad's output with.
suppressMessages({ library(effectsize); library(metafor) })
options(warn = -1)
cat_tab <- read.csv("lib/catalog.csv", stringsAsFactors = FALSE, na.strings = "")
extra <- read.csv("tests/ref/extra_catalog.csv", stringsAsFactors = FALSE, na.strings = "")
for (k in extra$code) cat_tab <- cat_tab[cat_tab$code != k, ]
cat_tab <- rbind(cat_tab[, names(extra)], extra)

# Exact noncentral-t interval of d_z (the root effectsize's optimiser approximates).
dz_ci <- function(d, n, conf = 0.95) {
  t <- d * sqrt(n); df <- n - 1
  f <- function(ncp, p) pt(t, df, ncp) - p
  lo <- uniroot(f, c(t - 50, t + 50), p = (1 + conf) / 2, tol = 1e-13)$root
  hi <- uniroot(f, c(t - 50, t + 50), p = (1 - conf) / 2, tol = 1e-13)$root
  c(lo, hi) / sqrt(n)
}

analyse <- function(name, pre = "intake", post = "discharge", by = NULL,
                    out = name, conf = 0.95, adjust = "holm", first_last = FALSE,
                    from = NULL, to = NULL,
                    order = c("intake", "mid", "discharge", "followup")) {
  d <- read.csv(sprintf("tests/ref/%s.input.csv", name), stringsAsFactors = FALSE,
                colClasses = "character", na.strings = character(0))
  if (is.null(d$caregiver_id)) d$caregiver_id <- ""
  d$tp <- tolower(d$timepoint)
  d$score <- suppressWarnings(as.numeric(d$score))
  d <- d[!is.na(d$score), ]
  d$key <- paste(d$child_id, d$caregiver_id, d$measure, sep = "\r")
  d$grp <- if (is.null(by)) "" else d[[by]]
  if (first_last) {
    # each person's earliest and latest assessment: by date when both rows
    # have one, else by the timepoint order
    d$ord <- match(d$tp, order)
    d <- d[order(d$key, d$date, d$ord), ]
    n_by_key <- table(d$key)
    multi <- d[d$key %in% names(n_by_key)[n_by_key >= 2], ]
    a <- multi[!duplicated(multi$key), ]
    b <- multi[!duplicated(multi$key, fromLast = TRUE), ]
    n_pre_rows <- d[!duplicated(d$key), ]
    n_post_rows <- b
  } else {
    a <- d[d$tp == pre, ]; b <- d[d$tp == post, ]
    n_pre_rows <- a; n_post_rows <- b
  }
  if (!is.null(from)) {
    # a person is in the period when their pre assessment is; one without a
    # pre assessment, when their post assessment is
    inp <- function(x) x >= from & x <= to
    a <- a[inp(a$date), ]
    n_pre_rows <- n_pre_rows[inp(n_pre_rows$date), ]
    pre_of <- d[d$tp == pre, ]
    has_pre <- n_post_rows$key %in% pre_of$key
    pre_date <- pre_of$date[match(n_post_rows$key, pre_of$key)]
    n_post_rows <- n_post_rows[ifelse(has_pre, inp(pre_date), inp(n_post_rows$date)), ]
  }
  p <- merge(a, b[, c("key", "score")], by = "key", suffixes = c(".pre", ".post"))
  p <- p[order(match(p$measure, cat_tab$code), p$grp), ]
  stats <- list(); change <- list()
  for (m in unique(cat_tab$code[cat_tab$code %in% d$measure])) {
    ins <- cat_tab[cat_tab$code == m, ]
    lg <- ins$transform == "log"
    pm <- p[p$measure == m, ]
    tr <- function(v) if (lg) log(v) else v
    s_pre <- sd(tr(pm$score.pre))
    crit <- if (!is.na(ins$norm_mean) && !is.na(ins$clin_mean))
      (ins$clin_sd * ins$norm_mean + ins$norm_sd * ins$clin_mean) / (ins$clin_sd + ins$norm_sd)
      else ins$cutoff
    if (lg) crit <- NA
    sdiff <- sqrt(2) * s_pre * sqrt(1 - ins$reliability)
    rci <- (tr(pm$score.post) - tr(pm$score.pre)) / sdiff
    better <- if (ins$direction == "higher_is_better") 1 else -1
    cat_rci <- ifelse(is.na(rci) | ins$direction == "none", "n/a",
               ifelse(better * rci > 1.96, "improved",
               ifelse(better * rci < -1.96, "deteriorated", "unchanged")))
    clin <- function(v) if (is.na(crit) || ins$direction == "none") NA else
      if (ins$direction == "lower_is_better") v >= crit else v <= crit
    pre_c <- clin(pm$score.pre); post_c <- clin(pm$score.post)
    cs <- ifelse(cat_rci == "n/a" | is.na(crit), "n/a",
          ifelse(cat_rci == "improved" & pre_c %in% TRUE & post_c %in% FALSE, "recovered", cat_rci))
    if (nrow(pm) > 0) change[[m]] <- data.frame(child_id = pm$child_id,
      caregiver_id = pm$caregiver_id, measure = m, pre = pm$score.pre,
      post = pm$score.post, change = tr(pm$score.post) - tr(pm$score.pre),
      rci = rci, rci_category = cat_rci, cs_category = cs)
    for (g in sort(unique(d$grp[d$measure == m]), method = "radix")) {
      q <- pm[pm$grp == g, ]; x <- tr(q$score.pre); y <- tr(q$score.post); n <- nrow(q)
      r <- list(measure = m, group = g,
        n_pre = sum(n_pre_rows$measure == m & n_pre_rows$grp == g),
        n_post = sum(n_post_rows$measure == m & n_post_rows$grp == g), n_pairs = n)
      if (n >= 1) { r$pre_mean <- mean(x); r$post_mean <- mean(y); r$change_mean <- mean(y - x) }
      if (n >= 2) {
        r$pre_sd <- sd(x); r$post_sd <- sd(y); r$change_sd <- sd(y - x)
        if (sd(y - x) > 0) {
          tt <- t.test(y, x, paired = TRUE, conf.level = conf)
          r$t <- unname(tt$statistic); r$df <- unname(tt$parameter); r$p_t <- tt$p.value
          r$change_ci_low <- tt$conf.int[1]; r$change_ci_high <- tt$conf.int[2]
          cd <- cohens_d(y, x, paired = TRUE, ci = conf)
          r$d_z <- cd$Cohens_d; r$d_z_ci_low_effectsize <- cd$CI_low; r$d_z_ci_high_effectsize <- cd$CI_high
          ci <- dz_ci(mean(y - x) / sd(y - x), n, conf); r$d_z_ci_low <- ci[1]; r$d_z_ci_high <- ci[2]
          if (lg) { r$gmr <- exp(mean(y - x)); r$gmr_ci_low <- exp(tt$conf.int[1]); r$gmr_ci_high <- exp(tt$conf.int[2]) }
        }
      }
      dd <- y - x
      if (any(dd != 0)) {
        wt <- wilcox.test(y, x, paired = TRUE)
        nz <- dd[dd != 0]
        r$w_v <- unname(wt$statistic); r$p_w <- wt$p.value
        r$w_exact <- length(nz) < 50 && !any(duplicated(abs(nz))) && !any(dd == 0)
        r$w_zeros <- sum(dd == 0); r$w_ties <- sum(abs(nz) %in% abs(nz)[duplicated(abs(nz))])
        r$r_rb <- rank_biserial(y, x, paired = TRUE)$r_rank_biserial
      }
      if (n >= 3 && sd(x) > 0 && sd(y) > 0) {
        es <- escalc("SMCR", m1i = mean(y), m2i = mean(x), sd1i = sd(x), ni = n, ri = cor(x, y))
        z <- qnorm((1 + conf) / 2)
        r$g <- es$yi[1]; r$g_ci_low <- es$yi[1] - z * sqrt(es$vi[1])
        r$g_ci_high <- es$yi[1] + z * sqrt(es$vi[1])
      }
      if (!is.na(ins$reliability) && ins$direction != "none" && n >= 1 && !is.na(sdiff)) {
        cr <- cat_rci[pm$grp == g]
        r$rci_improved <- sum(cr == "improved"); r$rci_unchanged <- sum(cr == "unchanged")
        r$rci_deteriorated <- sum(cr == "deteriorated")
        if (!is.na(crit)) r$recovered <- sum(cs[pm$grp == g] == "recovered")
      }
      stats[[length(stats) + 1]] <- r
    }
  }
  cols <- unique(unlist(lapply(stats, names)))
  tab <- do.call(rbind, lapply(stats, function(r) {
    v <- setNames(as.list(rep(NA, length(cols))), cols); v[names(r)] <- r
    as.data.frame(v, stringsAsFactors = FALSE) }))
  # Holm across the measures of each group (p.adjust counts only non-NA p).
  tab$p_t_adj <- NA
  for (g in unique(tab$group)) {
    i <- tab$group == g
    tab$p_t_adj[i] <- p.adjust(as.numeric(tab$p_t[i]), adjust)
  }
  num <- setdiff(names(tab), c("measure", "group", "w_exact"))
  for (c in num) tab[[c]] <- sprintf("%.17g", as.numeric(tab[[c]]))
  tab[tab == "NA"] <- ""
  write.csv(tab, sprintf("tests/ref/%s.stats_R.csv", out), row.names = FALSE, na = "")
  ch <- do.call(rbind, change)
  for (c in c("pre", "post", "change", "rci")) ch[[c]] <- sprintf("%.17g", ch[[c]])
  ch[ch == "NA"] <- ""
  write.csv(ch, sprintf("tests/ref/%s.change_R.csv", out), row.names = FALSE, na = "")
}

row <- function(child, measure, tp, score, caregiver = "", site = "A")
  data.frame(child_id = child, caregiver_id = caregiver, site = site,
             measure = measure, timepoint = tp, score = score)
pairs <- function(measure, pre, post, prefix = measure, caregiver = "", site = "A") {
  n <- length(pre); id <- sprintf("%s%02d", prefix, seq_len(n))
  rbind(row(id, measure, "intake", pre, caregiver, site),
        row(id, measure, "discharge", post, caregiver, site))
}

# 1. Crafted edge cases, one measure each (catalog entries in extra_catalog.csv).
set.seed(42)
sl <- sleep$extra
x49 <- round(rnorm(49, 20, 5), 3); y49 <- x49 + round(rnorm(49, -1, 2), 3)
x50 <- round(rnorm(50, 20, 5), 3); y50 <- x50 + round(rnorm(50, -1, 2), 3)
cort <- exp(rnorm(30, 2.2, 0.5))
crafted <- rbind(
  pairs("T_SLEEP", sl[1:10], sl[11:20]),                           # R's sleep data
  pairs("T_TIES", c(10, 12, 14, 16, 18, 20, 22, 24), c(8, 10, 15, 16, 14, 18, 21, 20)),  # ties + a zero
  pairs("T_N49", x49, y49), pairs("T_N50", x50, y50),                # exact vs normal Wilcoxon
  pairs("T_N3", c(10, 14, 9), c(8, 13, 4)),
  pairs("T_N2", c(10, 14), c(8, 11)),
  pairs("T_N1", 10, 7),
  pairs("T_CONST", c(10, 12, 14, 16), c(8, 10, 12, 14)),           # zero variance of change
  pairs("T_NEG", c(30, 28, 35, 40, 22), c(20, 21, 30, 31, 12)),      # all negative: r_rb = -1
  row(c("M1", "M2", "M3"), "T_MISS", "intake", c("5", "", "7")),       # missing pre/post
  row(c("M1", "M2", "M3"), "T_MISS", "discharge", c("4", "6", "")),
  row(c("M1", "M4"), "T_MISS", "discharge", c("", "3")),
  pairs("T_LOG", cort[1:15], cort[16:30] * 0.8),                     # log-scale measure
  pairs("CESD", c(20, 25, 30, 12, 18, 40, 9, 16), c(10, 24, 14, 13, 8, 35, 10, 5),
        prefix = "K", caregiver = "G1"),                             # real catalog entry
  pairs("CESD", c(22, 17, 31), c(12, 17, 20), prefix = "K", caregiver = "G2"))  # second caregiver of K01..K03
crafted$timepoint[crafted$measure == "T_N3" & crafted$timepoint == "intake"] <- "Intake"  # case-insensitive
write.csv(crafted, "tests/ref/crafted.input.csv", row.names = FALSE, quote = FALSE)
analyse("crafted")
analyse("crafted", out = "crafted_bh90", conf = 0.90, adjust = "BH")

# 2. --by with a group of one.
byg <- rbind(pairs("CESD", c(20, 25, 30, 12, 18), c(10, 24, 14, 13, 8), prefix = "A", site = "North"),
             pairs("CESD", 33, 21, prefix = "B", site = "South"),
             pairs("PHQ9", c(12, 15, 9, 20, 11, 14), c(8, 9, 9, 12, 4, 15), prefix = "A", site = "North"))
write.csv(byg, "tests/ref/bygroup.input.csv", row.names = FALSE, quote = FALSE)
analyse("bygroup", by = "site")

# 3. The shipped example data (dyad simulate --children 120 --seed 2026 --sites 3),
#    copied to tests/ref/cpp.input.csv by the caller.
analyse("cpp")

# 4. Four waves with dates: discharge vs followup, first vs last, and a
#    reporting period on the pre date.
set.seed(7)
w <- NULL
for (i in 1:14) {
  base <- as.Date("2024-11-01") + 23 * i
  tps <- c("intake", "mid", "discharge", "followup")
  have <- c(TRUE, i %% 3 != 0, i %% 5 != 0, i %% 4 != 0)
  if (i == 14) have <- c(TRUE, FALSE, FALSE, FALSE)         # one assessment only
  for (k in which(have))
    w <- rbind(w, data.frame(child_id = sprintf("W%02d", i), caregiver_id = "",
      site = "A", measure = c("CESD", "PHQ9"), timepoint = tps[k],
      date = format(base + c(0, 90, 200, 380)[k]),
      score = c(round(25 - 3 * k + rnorm(1, 0, 4)), round(14 - 2 * k + rnorm(1, 0, 3)))))
}
w$score <- pmax(w$score, 0)
write.csv(w, "tests/ref/waves.input.csv", row.names = FALSE, quote = FALSE)
analyse("waves", pre = "discharge", post = "followup", out = "waves_dis_fu")
analyse("waves", first_last = TRUE, out = "waves_first_last")
analyse("waves", from = "2025-01-01", to = "2025-06-30", out = "waves_period")

# 5. Every wave at once (dyad waves): per-timepoint n, mean, SD and t interval;
#    Friedman and one-way repeated-measures ANOVA with the Greenhouse-Geisser
#    epsilon over people measured at all four timepoints.
waves_ref <- function(name, out) {
  d <- read.csv(sprintf("tests/ref/%s.input.csv", name), stringsAsFactors = FALSE)
  d <- d[!is.na(d$score), ]
  d$tp <- tolower(d$timepoint)
  tps <- c("intake", "mid", "discharge", "followup")
  res <- NULL
  for (m in unique(cat_tab$code[cat_tab$code %in% d$measure])) {
    dm <- d[d$measure == m, ]
    present <- tps[tps %in% dm$tp]
    wide <- reshape(dm[, c("child_id", "tp", "score")], idvar = "child_id",
                    timevar = "tp", direction = "wide")
    cols <- paste0("score.", present)
    cc <- wide[complete.cases(wide[, cols]), cols]
    mat <- as.matrix(cc)
    ft <- friedman.test(mat)
    long <- data.frame(id = factor(rep(seq_len(nrow(mat)), ncol(mat))),
                       time = factor(rep(present, each = nrow(mat))), y = as.vector(mat))
    av <- summary(aov(y ~ time + Error(id / time), data = long))[["Error: id:time"]][[1]]
    S <- cov(mat); k <- ncol(mat)
    C <- diag(k) - 1 / k; Sd <- C %*% S %*% C
    eps <- sum(diag(Sd))^2 / ((k - 1) * sum(diag(Sd %*% Sd)))
    for (tp in present) {
      x <- dm$score[dm$tp == tp]
      ci <- t.test(x)$conf.int
      res <- rbind(res, data.frame(measure = m, group = "", timepoint = tp,
        n = length(x), mean = mean(x), sd = sd(x), ci_low = ci[1], ci_high = ci[2],
        k = k, n_complete = nrow(mat), friedman_chisq = unname(ft$statistic),
        friedman_df = unname(ft$parameter), friedman_p = ft$p.value,
        rm_f = av[1, "F value"], rm_df1 = av[1, "Df"], rm_df2 = av[2, "Df"],
        rm_p = av[1, "Pr(>F)"], gg_epsilon = eps,
        rm_p_gg = pf(av[1, "F value"], eps * av[1, "Df"], eps * av[2, "Df"], lower.tail = FALSE)))
    }
  }
  for (c in names(res)[-(1:3)]) res[[c]] <- sprintf("%.17g", res[[c]])
  write.csv(res, sprintf("tests/ref/%s.waves_R.csv", out), row.names = FALSE)
}
waves_ref("waves", "waves_all")
