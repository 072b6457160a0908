package alerts

import (
	"encoding/json"
	"fmt"
	"time"
)

// Inputs are everything a brand detector decides on. They are stored as JSON
// in Alert.Inputs, and Redetect(inputs) gives back the same Result, so a
// stored alert can be checked and explained long after its rollups changed.
type Inputs struct {
	Detector    string    `json:"detector"`
	Version     string    `json:"version"`
	Alpha       float64   `json:"alpha"`
	MinNegative int       `json:"min_negative"`
	MinTotal    int       `json:"min_total"`
	MinLift     float64   `json:"min_lift"`
	At          time.Time `json:"at"`           // evaluation time: how much of the last hour had passed
	SeriesStart time.Time `json:"series_start"` // first hour of Negative and Scored
	WindowStart time.Time `json:"window_start"`
	WindowEnd   time.Time `json:"window_end"`
	// Negative and Scored are hourly counts from SeriesStart to WindowEnd; the
	// last window-many hours are the window, the rest the history.
	Negative []int64 `json:"negative"`
	Scored   []int64 `json:"scored"`
	// IncompleteSources are the brand's sources whose latest run failed.
	IncompleteSources []string `json:"incomplete_sources,omitempty"`
}

// Result is a detector's verdict on one window.
type Result struct {
	Observed      float64 `json:"observed"` // negative mentions in the window
	Expected      float64 `json:"expected"` // expected negatives (volume) or n x baseline share (share)
	Total         float64 `json:"total"`    // scored mentions in the window
	Share         float64 `json:"share"`
	BaselineShare float64 `json:"baseline_share"`
	Lift          float64 `json:"lift"`
	PValue        float64 `json:"p_value"`
	Method        string  `json:"method"` // seasonal | ewma (volume), beta-binomial (share)
	Dispersion    float64 `json:"dispersion"`
	Fires         bool    `json:"fires"`
	Normal        bool    `json:"normal"`   // clearly back to normal (resolve hysteresis)
	Severity      int     `json:"severity"` // 1..3 when Fires
	Skip          string  `json:"skip,omitempty"`
	Incomplete    bool    `json:"incomplete,omitempty"`
}

// Beta prior on the negative share: mean 0.2, worth 10 mentions, so a brand
// with a handful of mentions is not compared with a share of 0 or 1.
const priorNeg, priorAll = 2.0, 10.0

// Redetect decodes stored inputs and runs the detector on them again.
func Redetect(raw []byte) (Result, error) {
	var in Inputs
	if err := json.Unmarshal(raw, &in); err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrBadInputs, err)
	}
	return Detect(in)
}

// Detect runs the brand detector named in in.Detector on in.
func Detect(in Inputs) (Result, error) {
	if err := in.check(); err != nil {
		return Result{}, err
	}
	return detect(in), nil
}

func (in *Inputs) windowHours() int { return int(in.WindowEnd.Sub(in.WindowStart) / time.Hour) }

func (in *Inputs) check() error {
	n := int(in.WindowEnd.Sub(in.SeriesStart) / time.Hour)
	w := in.windowHours()
	switch {
	case in.Detector != NegativeVolume && in.Detector != NegativeShare:
		return fmt.Errorf("%w: detector %q", ErrBadInputs, in.Detector)
	case w < 1 || n < w || len(in.Negative) != n || len(in.Scored) != n:
		return fmt.Errorf("%w: series of %d/%d hours does not match window %s..%s from %s",
			ErrBadInputs, len(in.Negative), len(in.Scored), in.WindowStart, in.WindowEnd, in.SeriesStart)
	}
	return nil
}

// detect runs the detector named in in; in must have passed check.
func detect(in Inputs) Result {
	w := in.windowHours()
	hist, win := in.Negative[:len(in.Negative)-w], in.Negative[len(in.Negative)-w:]
	histN, winN := in.Scored[:len(in.Scored)-w], in.Scored[len(in.Scored)-w:]
	r := Result{Observed: float64(sum(win)), Total: float64(sum(winN)), Incomplete: len(in.IncompleteSources) > 0}
	if r.Total > 0 {
		r.Share = r.Observed / r.Total
	}
	if len(hist) < minHistory {
		r.Skip = fmt.Sprintf("%d hours of history, need %d", len(hist), minHistory)
		r.Normal = true
		return r
	}
	recent := max(0, len(hist)-levelHours)
	r.BaselineShare = (float64(sum(hist[recent:])) + priorNeg) / (float64(sum(histN[recent:])) + priorAll)
	if in.Detector == NegativeVolume {
		volume(&r, in, hist)
	} else {
		share(&r)
	}
	judge(&r, in)
	return r
}

// volume tests the window's negatives against the hourly baseline.
func volume(r *Result, in Inputs, hist []int64) {
	b := fitBaseline(hist, in.SeriesStart)
	r.Method, r.Dispersion = b.Method, b.Dispersion
	last := in.WindowEnd.Add(-time.Hour)
	for t := in.WindowStart; t.Before(in.WindowEnd); t = t.Add(time.Hour) {
		e := b.expect(t)
		if t.Equal(last) {
			e *= lastHourFraction(in.At, in.WindowEnd)
		}
		r.Expected += e
	}
	if r.Dispersion > dispersionCutoff {
		r.PValue = NegBinomialTail(r.Observed, r.Expected, r.Dispersion)
	} else {
		r.PValue = PoissonTail(r.Observed, r.Expected)
	}
	r.Lift = ratio(r.Observed, r.Expected)
}

// share tests the window's negative share against the smoothed trailing share.
func share(r *Result) {
	r.Method, r.Dispersion = "beta-binomial", 1
	r.Expected = r.Total * r.BaselineShare
	r.PValue = BinomialTail(r.Observed, r.Total, r.BaselineShare)
	r.Lift = ratio(r.Share, r.BaselineShare)
}

// judge applies the guards, the threshold and the resolve hysteresis.
func judge(r *Result, in Inputs) {
	enough := r.Observed >= float64(in.MinNegative) && r.Total >= float64(in.MinTotal)
	switch {
	case !enough:
		r.Skip = fmt.Sprintf("below minimum counts (%d negative, %d total)", in.MinNegative, in.MinTotal)
	case in.Detector == NegativeShare && r.Incomplete:
		// A failed source can move the share either way: not trusted.
		r.Skip = "window incomplete: sources failing"
	default:
		r.Fires = r.PValue < in.Alpha && r.Lift >= in.MinLift
	}
	// Too few mentions to fire is not the same as calm: six negatives out of
	// seven against a baseline of one is still a storm, so "normal" looks at
	// the evidence, not at the minimum counts.
	// Clearly normal means both: the evidence is weak and the level is not
	// raised. A storm whose own hours inflated the baseline's variance can give
	// a middling p while negatives still run at many times the usual level.
	r.Normal = r.PValue >= 10*in.Alpha && r.Lift < in.MinLift
	if r.Fires {
		r.Severity = severity(r.PValue, r.Lift, in.Alpha)
	}
}

// severity: 1 notice, 2 (100x stronger evidence and double the usual),
// 3 (10,000x stronger and triple).
func severity(p, lift, alpha float64) int {
	switch {
	case p < alpha*1e-4 && lift >= 3:
		return 3
	case p < alpha*1e-2 && lift >= 2:
		return 2
	}
	return 1
}

// lastHourFraction is how much of the window's last hour had passed at at.
func lastHourFraction(at, end time.Time) float64 {
	f := 1 - float64(end.Sub(at))/float64(time.Hour)
	return min(max(f, 1.0/60), 1)
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		if a > 0 {
			return a / 1e-9
		}
		return 0
	}
	return a / b
}

func sum(xs []int64) int64 {
	var s int64
	for _, x := range xs {
		s += x
	}
	return s
}
