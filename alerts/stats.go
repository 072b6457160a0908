package alerts

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// The tail probabilities below use gonum's regularized incomplete gamma and
// beta functions (ports of Cephes igam/incbet): they are accurate far into the
// tails (p-values of 1e-12 and below), where a hand-written series would need
// the same care Cephes already took. They are checked against direct
// log-space summation of the probability mass in stats_test.go.

// PoissonTail returns P(X >= x) for X ~ Poisson(mu): the chance of seeing at
// least x events when mu are expected.
func PoissonTail(x, mu float64) float64 {
	switch {
	case x <= 0:
		return 1
	case mu <= 0:
		return 0
	}
	// P(X >= x) = P(x, mu), the regularized lower incomplete gamma function.
	return clamp01(mathext.GammaIncReg(math.Ceil(x), mu))
}

// NegBinomialTail returns P(X >= x) for a negative binomial count with mean
// mu and variance mu*dispersion (dispersion > 1: overdispersed). With
// dispersion <= 1 it is the Poisson tail.
func NegBinomialTail(x, mu, dispersion float64) float64 {
	if dispersion <= 1 || mu <= 0 || x <= 0 {
		return PoissonTail(x, mu)
	}
	r := mu / (dispersion - 1) // size
	p := r / (r + mu)          // success probability
	// P(X >= x) = 1 - I_p(r, x) = I_{1-p}(x, r).
	return clamp01(mathext.RegIncBeta(math.Ceil(x), r, 1-p))
}

// BinomialTail returns P(X >= k) for X ~ Binomial(n, p).
func BinomialTail(k, n float64, p float64) float64 {
	switch {
	case k <= 0:
		return 1
	case k > n || p <= 0:
		return 0
	case p >= 1:
		return 1
	}
	// P(X >= k) = I_p(k, n-k+1).
	return clamp01(mathext.RegIncBeta(k, n-k+1, p))
}

func clamp01(v float64) float64 {
	switch {
	case math.IsNaN(v):
		return 1 // no evidence rather than a false alarm
	case v < 0:
		return 0
	case v > 1:
		return 1
	}
	return v
}
