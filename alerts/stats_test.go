package alerts

import (
	"math"
	"testing"
)

// Reference tails by direct summation of the mass function in log space:
// slow, but independent of the incomplete gamma and beta functions.
func refPoissonTail(x int, mu float64) float64 {
	var cdf float64
	for k := 0; k < x; k++ {
		lg, _ := math.Lgamma(float64(k + 1))
		cdf += math.Exp(float64(k)*math.Log(mu) - mu - lg)
	}
	// Sum the upper tail directly when the CDF is close to 1, to keep precision.
	if cdf > 0.5 {
		var tail float64
		for k := x; k < x+2000; k++ {
			lg, _ := math.Lgamma(float64(k + 1))
			tail += math.Exp(float64(k)*math.Log(mu) - mu - lg)
		}
		return tail
	}
	return 1 - cdf
}

func refBinomialTail(k, n int, p float64) float64 {
	var tail float64
	for i := k; i <= n; i++ {
		lc, _ := math.Lgamma(float64(n + 1))
		li, _ := math.Lgamma(float64(i + 1))
		lr, _ := math.Lgamma(float64(n - i + 1))
		tail += math.Exp(lc - li - lr + float64(i)*math.Log(p) + float64(n-i)*math.Log1p(-p))
	}
	return tail
}

func refNegBinomialTail(x int, mu, disp float64) float64 {
	r := mu / (disp - 1)
	p := r / (r + mu)
	var tail float64
	for k := x; k < x+20000; k++ {
		lk, _ := math.Lgamma(float64(k) + r)
		lf, _ := math.Lgamma(float64(k + 1))
		lr, _ := math.Lgamma(r)
		tail += math.Exp(lk - lf - lr + r*math.Log(p) + float64(k)*math.Log1p(-p))
	}
	return tail
}

func closeRel(got, want, tol float64) bool {
	if want == 0 {
		return got == 0
	}
	return math.Abs(got-want)/want <= tol
}

func TestPoissonTail(t *testing.T) {
	tests := []struct {
		x  int
		mu float64
	}{{1, 0.5}, {5, 2}, {10, 5}, {13, 5}, {40, 20}, {60, 20}, {100, 30}, {3, 10}, {500, 400}}
	for _, tt := range tests {
		got, want := PoissonTail(float64(tt.x), tt.mu), refPoissonTail(tt.x, tt.mu)
		if !closeRel(got, want, 1e-9) {
			t.Errorf("PoissonTail(%d, %v) = %.12g, want %.12g", tt.x, tt.mu, got, want)
		}
	}
	// Known value: P(X >= 10 | mu = 5) = 0.0318280573 (R: ppois(9, 5, lower=FALSE)).
	if got := PoissonTail(10, 5); math.Abs(got-0.0318280573) > 1e-9 {
		t.Errorf("PoissonTail(10, 5) = %.10f, want 0.0318280573", got)
	}
	if got := PoissonTail(0, 3); got != 1 {
		t.Errorf("PoissonTail(0, 3) = %v, want 1", got)
	}
	if got := PoissonTail(3, 0); got != 0 {
		t.Errorf("PoissonTail(3, 0) = %v, want 0", got)
	}
}

func TestBinomialTail(t *testing.T) {
	tests := []struct {
		k, n int
		p    float64
	}{{1, 10, 0.1}, {5, 10, 0.2}, {30, 100, 0.2}, {50, 100, 0.2}, {80, 200, 0.25}, {3, 3, 0.5}}
	for _, tt := range tests {
		got, want := BinomialTail(float64(tt.k), float64(tt.n), tt.p), refBinomialTail(tt.k, tt.n, tt.p)
		if !closeRel(got, want, 1e-9) {
			t.Errorf("BinomialTail(%d, %d, %v) = %.12g, want %.12g", tt.k, tt.n, tt.p, got, want)
		}
	}
	if got := BinomialTail(11, 10, 0.5); got != 0 {
		t.Errorf("BinomialTail(11, 10, 0.5) = %v, want 0", got)
	}
}

func TestNegBinomialTail(t *testing.T) {
	tests := []struct {
		x        int
		mu, disp float64
	}{{10, 5, 2}, {30, 10, 3}, {60, 20, 1.8}, {200, 50, 10}}
	for _, tt := range tests {
		got, want := NegBinomialTail(float64(tt.x), tt.mu, tt.disp), refNegBinomialTail(tt.x, tt.mu, tt.disp)
		if !closeRel(got, want, 1e-8) {
			t.Errorf("NegBinomialTail(%d, %v, %v) = %.12g, want %.12g", tt.x, tt.mu, tt.disp, got, want)
		}
		if pois := PoissonTail(float64(tt.x), tt.mu); got <= pois {
			t.Errorf("NegBinomialTail(%d, %v, %v) = %g, want more than the Poisson tail %g", tt.x, tt.mu, tt.disp, got, pois)
		}
	}
	if got, want := NegBinomialTail(10, 5, 1), PoissonTail(10, 5); got != want {
		t.Errorf("NegBinomialTail(10, 5, 1) = %v, want the Poisson tail %v", got, want)
	}
}

func BenchmarkPoissonTail(b *testing.B) {
	for b.Loop() {
		PoissonTail(61, 40)
	}
}
