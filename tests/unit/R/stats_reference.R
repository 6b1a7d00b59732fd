# stats_reference.R - every reference number in tests/unit/test_stats.c,
# test_wilcoxon.c, test_nct.c and test_friedman.c comes from this script.
#
#   Rscript tests/unit/R/stats_reference.R > /tmp/stats_reference.txt
#
# Written for R 4.2 with effectsize 0.8.3 and metafor 3.8 (Debian packages
# r-base, r-cran-effectsize, r-cran-metafor).  Each line is "label value";
# the test files quote the label next to the number.  Numbers are printed
# with 17 significant digits so that they read back exactly.

suppressMessages({
	library(effectsize)
	library(metafor)
})

out <- function(label, x) {
	for (i in seq_along(x))
		cat(label, if (length(x) > 1) paste0("[", i, "]") else "", " ",
		    sprintf("%.17g", x[i]), "\n", sep = "")
}

cat("# R", R.version$major, ".", R.version$minor, ", effectsize ",
    as.character(packageVersion("effectsize")), ", metafor ",
    as.character(packageVersion("metafor")), "\n", sep = "")

## ---------------------------------------------------------------- moments
# NIST StRD NumAcc4: 1000000000.2, then 1000000000.1 and 1000000000.3
# alternating 500 times each (1001 values).  Certified mean 1000000000.2,
# sd 0.1 -- for the decimal data.  The doubles nearest those decimals are
# 1e9 + k * 2^-23 with k = 1677722, 838861, 2516582, so the data a program
# actually holds have sd 0.0999999642..., not 0.1.  Below: that sd computed
# exactly in integer units of 2^-23 (all intermediates < 2^53).
x4 <- c(1000000000.2, rep(c(1000000000.1, 1000000000.3), 500))
out("numacc4.mean", mean(x4))
out("numacc4.sd.R", sd(x4))
k <- c(1677722, rep(c(838861, 2516582), 500))
stopifnot(all((x4 - 1e9) * 2^23 == k))
S <- sum(k)                     # 1679399222, exact
q <- S %/% 1001; r <- S - q * 1001
# exact but for the final division by 1001
SS <- (sum(k^2) - 1001 * q^2 - 2 * q * r) - r^2 / 1001
out("numacc4.sd.exact", sqrt(SS / 1000) * 2^-23)

x3 <- c(2.5, -1.25, 7)
out("x3.mean", mean(x3)); out("x3.sd", sd(x3))
x2 <- c(4, 10)
out("x2.mean", mean(x2)); out("x2.sd", sd(x2))
out("median.odd", median(c(3, 1, 2, 5, 4)))
out("median.even", median(c(3, 1, 2, 10)))
out("median.ties", median(c(2, 2, 2, 7, 7, 1)))

## ------------------------------------------------------------ sleep data
# R's sleep data: extra sleep (h) of 10 patients under drug 1 (pre) and
# drug 2 (post); the classic Student (1908) paired example.
pre  <- sleep$extra[sleep$group == 1]
post <- sleep$extra[sleep$group == 2]
cat("# sleep pre: ", sprintf("%.1f", pre), "\n")
cat("# sleep post:", sprintf("%.1f", post), "\n")
tt <- t.test(post, pre, paired = TRUE)
out("sleep.t", tt$statistic); out("sleep.df", tt$parameter)
out("sleep.p", tt$p.value); out("sleep.ci", tt$conf.int)
out("sleep.mean", tt$estimate); out("sleep.se", tt$stderr)
out("sleep.sd", sd(post - pre))
tt90 <- t.test(post, pre, paired = TRUE, conf.level = 0.9)
out("sleep.ci90", tt90$conf.int)
out("sleep.cor", cor(pre, post))

# two and three pairs
tt2 <- t.test(c(3, 7), c(1, 2), paired = TRUE)
out("t2.t", tt2$statistic); out("t2.p", tt2$p.value); out("t2.ci", tt2$conf.int)
tt3 <- t.test(c(1.5, 2.5, 2), c(1, 1, 1), paired = TRUE)
out("t3.t", tt3$statistic); out("t3.p", tt3$p.value); out("t3.ci", tt3$conf.int)
# every difference negative
neg_pre  <- c(10, 12, 9, 14, 11, 13)
neg_post <- c(8, 9, 8.5, 10, 10.25, 7)
ttn <- t.test(neg_post, neg_pre, paired = TRUE)
out("neg.t", ttn$statistic); out("neg.p", ttn$p.value)
out("neg.ci", ttn$conf.int)

# Student t tails for huge df, two ways: pt(), and pbeta() (TOMS 708) on
# the small argument, P(T > t) = pbeta(t^2/(df+t^2), 1/2, df/2,
# lower.tail = FALSE) / 2; the quantile by uniroot on the latter.
ttail <- function(t, df)
	pbeta(t^2 / (df + t^2), 0.5, df / 2, lower.tail = FALSE) / 2
out("ttail.3.1e6", ttail(3, 1e6))
out("ttail.10.1e7", ttail(10, 1e7))
out("pt.3.1e6.R", pt(3, 1e6, lower.tail = FALSE))
out("pnorm.3.upper", pnorm(3, lower.tail = FALSE))	# df -> Inf
out("qt.975.1e6", uniroot(function(q) ttail(q, 1e6) - 0.025, c(1, 3),
    tol = 1e-15)$root)

## ------------------------------------------------------- d_z (effectsize)
exact_ncp <- function(t, df, p)
	uniroot(function(ncp) pt(t, df, ncp) - p, c(t - 50, t + 50),
	    tol = 1e-12)$root
dz_ref <- function(label, post, pre, conf = 0.95) {
	d <- post - pre
	n <- length(d)
	dz <- mean(d) / sd(d)
	t <- dz * sqrt(n)
	cd <- cohens_d(post, pre, paired = TRUE, ci = conf)
	out(paste0(label, ".dz"), dz)
	out(paste0(label, ".effectsize.d"), cd$Cohens_d)
	out(paste0(label, ".effectsize.ci"), c(cd$CI_low, cd$CI_high))
	out(paste0(label, ".uniroot.ci"),
	    c(exact_ncp(t, n - 1, (1 + conf) / 2),
	      exact_ncp(t, n - 1, (1 - conf) / 2)) / sqrt(n))
}
dz_ref("sleep", post, pre)
dz_ref("sleep90", post, pre, 0.9)
dz_ref("neg", neg_post, neg_pre)
dz_ref("dz2", c(3, 7), c(1, 2))
dz_ref("dz3", c(1.5, 2.5, 2), c(1, 1, 1))

## ----------------------------------------------------- SMCR (metafor)
smcr_ref <- function(label, post, pre) {
	n <- length(pre)
	e <- escalc(measure = "SMCR", m1i = mean(post), m2i = mean(pre),
	    sd1i = sd(pre), ni = n, ri = cor(pre, post))
	s <- summary(e)
	out(paste0(label, ".d"), (mean(post) - mean(pre)) / sd(pre))
	out(paste0(label, ".yi"), e$yi); out(paste0(label, ".vi"), e$vi)
	out(paste0(label, ".ci"), c(s$ci.lb, s$ci.ub))
	out(paste0(label, ".r"), cor(pre, post))
	out(paste0(label, ".j"), metafor:::.cmicalc(n - 1))
}
smcr_ref("sleep.smcr", post, pre)
smcr_ref("neg.smcr", neg_post, neg_pre)
smcr_ref("smcr3", c(2.5, 3, 4), c(1, 3, 2))

## --------------------------------------------------------- p.adjust
pv <- c(0.01, NA, 0.04, 0.03, 0.005, NA, 0.2, 0.04)
out("padj.holm", p.adjust(pv, "holm"))
out("padj.BH", p.adjust(pv, "BH"))
out("padj.big.holm", p.adjust(c(0.5, 0.9, 0.6), "holm"))
out("padj.big.BH", p.adjust(c(0.5, 0.9, 0.6), "BH"))

## ------------------------------------------------- Wilcoxon signed rank
w <- suppressWarnings(wilcox.test(post, pre, paired = TRUE))
out("sleep.wilcox.V", w$statistic); out("sleep.wilcox.p", w$p.value)
out("sleep.rb", rank_biserial(post, pre, paired = TRUE)$r_rank_biserial)
# small, no ties, no zeros: exact
wpre  <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30)
wpost <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29)
w <- wilcox.test(wpost, wpre, paired = TRUE)
out("hw.V", w$statistic); out("hw.p", w$p.value)
out("hw.rb", rank_biserial(wpost, wpre, paired = TRUE)$r_rank_biserial)
# ties but no zeros: normal approximation
tpre  <- c(5, 6, 7, 8, 9, 10, 11)
tpost <- c(7, 4, 9, 11, 10, 12, 10)
w <- suppressWarnings(wilcox.test(tpost, tpre, paired = TRUE))
out("ties.V", w$statistic); out("ties.p", w$p.value)
out("ties.rb", rank_biserial(tpost, tpre, paired = TRUE)$r_rank_biserial)
# every difference negative, distinct
w <- wilcox.test(neg_post, neg_pre, paired = TRUE)
out("neg.V", w$statistic); out("neg.p", w$p.value)
out("neg.rb", rank_biserial(neg_post, neg_pre, paired = TRUE)$r_rank_biserial)
# all differences equal (+2): ties everywhere
w <- suppressWarnings(wilcox.test(c(3, 4, 5, 6), c(1, 2, 3, 4), paired = TRUE))
out("alltied.V", w$statistic); out("alltied.p", w$p.value)
out("alltied.rb", rank_biserial(c(3, 4, 5, 6), c(1, 2, 3, 4),
    paired = TRUE)$r_rank_biserial)
# all differences equal and negative: effectsize 0.8.3 says +1 (see notes)
out("allneg.rb.effectsize", suppressWarnings(rank_biserial(c(1, 2, 3, 4),
    c(3, 4, 5, 6), paired = TRUE)$r_rank_biserial))
# one and two pairs
w <- wilcox.test(2, 1, paired = TRUE)
out("one.V", w$statistic); out("one.p", w$p.value)
w <- wilcox.test(c(2, 0), c(1, 2), paired = TRUE)
out("two.V", w$statistic); out("two.p", w$p.value)
# 49 and 50 pairs: d_i = s_i * i, s_i = -1 if (37 i) %% 7 < 3 else +1;
# no ties and no zeros, so 49 is exact and 50 the normal approximation
for (n in c(49, 50)) {
	i <- 1:n
	d <- ifelse((37 * i) %% 7 < 3, -1, 1) * i
	w <- wilcox.test(d, rep(0, n), paired = TRUE)
	out(paste0("w", n, ".V"), w$statistic)
	out(paste0("w", n, ".p"), w$p.value)
	cat("# w", n, " method: ", w$method, "\n", sep = "")
	out(paste0("w", n, ".rb"), rank_biserial(d, rep(0, n),
	    paired = TRUE)$r_rank_biserial)
}

## -------------------------------------------------------- noncentral t
# pt(t, df, ncp) on the grid test_nct.c checks.  R's pnt() (AS 243) is good
# to ~1e-12 for df <= 4e5 and |ncp| <= 37.62; outside that it switches to
# a normal approximation, so pt_int() below -- a direct integral over the
# chi-square mixing distribution -- gives the references there.
pt_int <- function(t, df, ncp) {
	# P(T <= t) = E[Phi(t sqrt(V/df) - ncp)], V ~ chi^2_df, integrated
	# piecewise between chi-square quantiles; for small df on log(V),
	# where the chi-square density is smooth instead of singular at 0
	pr <- c(1e-300, 1e-200, 1e-100, 1e-50, 1e-20, 1e-8, 1e-3, 0.1, 0.5)
	q <- unique(c(qchisq(pr, df), qchisq(rev(pr), df, lower.tail = FALSE)))
	if (df <= 10) {
		f <- function(u) {
			v <- exp(u)
			pnorm(t * sqrt(v / df) - ncp) * dchisq(v, df) * v
		}
		q <- unique(log(pmax(q, 1e-300)))
		q <- c(q[1] - 50, q, q[length(q)] + 5)
	} else {
		f <- function(v) pnorm(t * sqrt(v / df) - ncp) * dchisq(v, df)
		q <- c(0, q, Inf)
	}
	s <- 0
	for (i in seq_len(length(q) - 1))
		s <- s + integrate(f, q[i], q[i + 1], rel.tol = 1e-13,
		    abs.tol = 0, subdivisions = 2000L,
		    stop.on.error = FALSE)$value
	s
}
out("pt.2.10", pt(2, 10))		# central t
out("qt.cauchy", qt(1e-10, 1, lower.tail = FALSE))
out("pnorm.m1.5", pnorm(-1.5))		# P(T <= 0; ncp = 1.5)
out("pnorm.4", pnorm(4))		# df -> Inf: P(T <= 1; ncp = -3)
cat("# nct grid: t df ncp pt\n")
for (df in c(2, 3, 5, 10, 30, 200))
	for (ncp in c(-20, -5, -1, 0, 0.5, 3, 10, 20))
		for (t in c(-30, -4, -1, 0, 0.5, 2, 8, 30))
			cat("nct", t, df, ncp,
			    sprintf("%.17g", pt(t, df, ncp)), "\n")
for (df in c(1000, 10000))
	for (ncp in c(-3, 0.5, 2.5, 10))
		for (t in c(-2, 0.5, 2, 4, 12))
			cat("nct", t, df, ncp,
			    sprintf("%.17g", pt(t, df, ncp)), "\n")
cat("# nct by integration: t df ncp pt_int pt\n")
for (a in list(c(3, 1e6, 2.5), c(-2, 1e6, 1), c(40, 1e6, 38), c(1, 2, 20),
    c(40, 10, 38.5), c(20, 1000, 20), c(45, 30, 40), c(-1, 5, -39),
    c(2, 1, 0.5), c(-30, 200, -20), c(8, 2, 20), c(30, 5, 20),
    c(-3, 1, 2), c(100, 3, 60), c(1000, 1e4, 1000)))
	cat("nctint", a, sprintf("%.17g", pt_int(a[1], a[2], a[3])),
	    sprintf("%.17g", pt(a[1], a[2], a[3])), "\n")
cat("# ncp roots: t df p uniroot\n")
for (a in list(c(2.5, 9, 0.975), c(2.5, 9, 0.025), c(-1, 1, 0.975),
    c(0, 30, 0.5), c(12, 200, 0.05), c(-20, 5, 0.9)))
	cat("ncproot", a, sprintf("%.17g", exact_ncp(a[1], a[2], a[3])), "\n")

## ------------------------------------------------------------ Friedman
# Hollander & Wolfe (1973, p. 140) rounding-first-base times, the
# example in ?friedman.test: chi-squared = 11.143, df = 2, p = 0.003805.
# Several rows have ties.
RoundingTimes <- matrix(c(5.40, 5.50, 5.55, 5.85, 5.70, 5.75, 5.20, 5.60,
    5.50, 5.55, 5.50, 5.40, 5.90, 5.85, 5.70, 5.45, 5.55, 5.60, 5.40, 5.40,
    5.35, 5.45, 5.50, 5.35, 5.25, 5.15, 5.00, 5.85, 5.80, 5.70, 5.25, 5.20,
    5.10, 5.65, 5.55, 5.45, 5.60, 5.35, 5.45, 5.05, 5.00, 4.95, 5.50, 5.50,
    5.40, 5.45, 5.55, 5.50, 5.55, 5.55, 5.35, 5.45, 5.50, 5.55, 5.50, 5.45,
    5.25, 5.65, 5.60, 5.40, 5.70, 5.65, 5.55, 6.30, 6.30, 6.25),
    nrow = 22, byrow = TRUE)
f <- friedman.test(RoundingTimes)
out("rt.friedman.stat", f$statistic); out("rt.friedman.p", f$p.value)
fm <- matrix(c(1, 2, 3, 4,
               2, 2, 3, 1,
               5, 5, 5, 6,
               3, 1, 1, 2,
               4, 6, 5, 7), ncol = 4, byrow = TRUE)
f <- friedman.test(fm)
out("fm.friedman.stat", f$statistic); out("fm.friedman.p", f$p.value)
# one subject, no ties: Q = 2 for k = 3 by hand; friedman.test() itself
# fails on a one-row matrix (y[complete.cases(y), ] drops the dimension)
out("one.friedman.p", pchisq(2, 2, lower.tail = FALSE))

## ---------------------------------------------- repeated-measures ANOVA
rm_ref <- function(label, m) {
	n <- nrow(m); k <- ncol(m)
	long <- data.frame(score = c(t(m)), id = factor(rep(1:n, each = k)),
	    time = factor(rep(1:k, n)))
	s <- summary(aov(score ~ time + Error(id / time), data = long))
	tab <- s[["Error: id:time"]][[1]]
	Fv <- tab[["F value"]][1]
	out(paste0(label, ".F"), Fv)
	out(paste0(label, ".p"), tab[["Pr(>F)"]][1])
	out(paste0(label, ".ss_cond"), tab[["Sum Sq"]][1])
	out(paste0(label, ".ss_err"), tab[["Sum Sq"]][2])
	out(paste0(label, ".ss_subj"), s[["Error: id"]][[1]][["Sum Sq"]][1])
	# Greenhouse-Geisser by hand: double-centre the covariance matrix
	S <- cov(m)
	C <- diag(k) - matrix(1 / k, k, k)
	D <- C %*% S %*% C
	eps <- sum(diag(D))^2 / ((k - 1) * sum(diag(D %*% D)))
	out(paste0(label, ".gg"), eps)
	out(paste0(label, ".p_gg"), pf(Fv, (k - 1) * eps,
	    (k - 1) * (n - 1) * eps, lower.tail = FALSE))
}
rm_ref("rt.rm", RoundingTimes)
rm_ref("fm.rm", fm)
rm_ref("k2.rm", cbind(pre, post))
