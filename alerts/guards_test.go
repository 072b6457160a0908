package alerts

import (
	"math/rand/v2"
	"testing"
	"time"
)

// hourly is three weeks of hourly history, negatives from neg(i) and four
// times as many scored mentions, with a last hour of windowNeg negatives.
func hourly(neg func(i int) int64, windowNeg int64) Inputs {
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	hours := 21 * 24
	n, all := make([]int64, hours+1), make([]int64, hours+1)
	for i := range hours {
		n[i] = neg(i)
		all[i] = 4*n[i] + 4
	}
	n[hours], all[hours] = windowNeg, 4*windowNeg+4
	end := start.Add(time.Duration(hours+1) * time.Hour)
	return Inputs{Detector: NegativeVolume, Version: DetectorVersion, Alpha: 0.001, MinNegative: 5, MinTotal: 10, MinLift: 1.5,
		At: end, SeriesStart: start, WindowStart: end.Add(-time.Hour), WindowEnd: end, Negative: n, Scored: all}
}

// A brand whose negatives come in bursts (overdispersed counts) is judged
// with the negative binomial: a count that is a normal burst for it is not
// a storm, though a Poisson test at the same mean would call it one. A
// steady brand keeps the Poisson test.
func TestBurstyHistoryUsesNegativeBinomial(t *testing.T) {
	steady := hourly(func(int) int64 { return 3 }, 12)
	rng := rand.New(rand.NewPCG(3, 5))
	bursty := hourly(func(int) int64 { return []int64{0, 0, 0, 12}[rng.IntN(4)] }, 12) // mean 3, in bursts of 12
	rs, rb := detect(steady), detect(bursty)
	if rs.Dispersion > dispersionCutoff || rs.PValue != PoissonTail(rs.Observed, rs.Expected) || !rs.Fires {
		t.Errorf("steady brand, 12 negatives against ~3: dispersion %.2f, p %.3g (Poisson %.3g), fires %v; want the Poisson test, firing",
			rs.Dispersion, rs.PValue, PoissonTail(rs.Observed, rs.Expected), rs.Fires)
	}
	if rb.Dispersion <= dispersionCutoff || rb.PValue != NegBinomialTail(rb.Observed, rb.Expected, rb.Dispersion) || rb.Fires {
		t.Errorf("bursty brand, 12 negatives (one of its usual bursts): dispersion %.2f, p %.3g, fires %v (method %s); want the negative binomial, not firing",
			rb.Dispersion, rb.PValue, rb.Fires, rb.Method)
	}
	if p := PoissonTail(rb.Observed, rb.Expected); p >= bursty.Alpha {
		t.Errorf("the bursty case does not separate the tests: Poisson p %.3g would not fire either", p)
	}
}

// The guards: a significant rise below min_lift does not fire, nor does one
// under the minimum counts, and the sensitivity presets move the threshold.
func TestGuardsAndSensitivity(t *testing.T) {
	for _, tc := range []struct {
		name   string
		p      float64
		lift   float64
		neg    float64
		sens   string
		fires  bool
		reason string
	}{
		{"clear storm", 1e-6, 3, 20, "", true, ""},
		{"significant but small rise", 1e-6, 1.3, 200, "", false, "min_lift"},
		{"too few negatives", 1e-6, 3, 4, "", false, "minimum counts"},
		{"medium threshold: p 5e-4 fires", 5e-4, 2, 20, "medium", true, ""},
		{"low sensitivity: p 5e-4 does not", 5e-4, 2, 20, "low", false, "alpha"},
		{"low sensitivity: p 5e-5 does", 5e-5, 2, 20, "low", true, ""},
		{"high sensitivity: p 5e-3 fires", 5e-3, 2, 20, "high", true, ""},
		{"medium: p 5e-3 does not", 5e-3, 2, 20, "", false, "alpha"},
	} {
		rule := Rule{Detector: NegativeVolume, Sensitivity: tc.sens}.withDefaults()
		in := Inputs{Detector: NegativeVolume, Alpha: rule.alpha(), MinNegative: 5, MinTotal: 10, MinLift: 1.5}
		r := Result{PValue: tc.p, Lift: tc.lift, Observed: tc.neg, Total: 2 * tc.neg}
		judge(&r, in)
		if r.Fires != tc.fires {
			t.Errorf("%s: p %.0e lift %.1f, %g negatives, sensitivity %q: fires %v, want %v (guard: %s)", tc.name, tc.p, tc.lift, tc.neg, tc.sens, r.Fires, tc.fires, tc.reason)
		}
	}
}
