package alerts

import (
	"math"
	"time"
)

const (
	// seasonalAfter is how much history the hour-of-day x day-of-week model
	// needs; younger scopes use an EWMA level.
	seasonalAfter = 14 * 24
	// minHistory is the least history (hours) any detector accepts.
	minHistory = 24
	// levelHours is the trailing span that sets the seasonal model's level,
	// so a brand that grows is compared with its recent self.
	levelHours = 7 * 24
	// ewmaHalfLife is the EWMA's half-life in hours.
	ewmaHalfLife = 24.0
	// dispersionCutoff: above this variance/mean ratio the negative binomial
	// replaces the Poisson tail.
	dispersionCutoff = 1.5
	maxDispersion    = 50
)

// baseline is the expected hourly count model fitted on a history.
type baseline struct {
	Method     string    `json:"method"` // "seasonal" | "ewma"
	Dispersion float64   `json:"dispersion"`
	level      float64   // seasonal: trailing mean; ewma: final level
	hod        []float64 // seasonal: hour-of-day factors (24)
	dow        []float64 // seasonal: day-of-week factors (7)
}

// fitBaseline fits the hourly model to hist, whose first hour is start.
func fitBaseline(hist []int64, start time.Time) baseline {
	var b baseline
	if len(hist) >= seasonalAfter {
		b = fitSeasonal(hist, start)
	} else {
		b = baseline{Method: "ewma", level: ewma(hist)}
	}
	b.Dispersion = b.dispersion(hist, start)
	return b
}

// expect returns the expected count in the hour at t.
func (b baseline) expect(t time.Time) float64 {
	if b.Method != "seasonal" {
		return b.level
	}
	return b.level * b.hod[t.Hour()] * b.dow[int(t.Weekday())]
}

// fitSeasonal fits level x hour-of-day x day-of-week, each factor shrunk
// towards 1 by pseudo-counts so a few odd hours do not make a pattern.
func fitSeasonal(hist []int64, start time.Time) baseline {
	var sum float64
	for _, c := range hist {
		sum += float64(c)
	}
	n := float64(len(hist))
	// Half a mention of prior mass keeps an all-zero history from expecting 0.
	mean := (sum + 0.5) / n
	var hodSum, hodN [24]float64
	var dowSum, dowN [7]float64
	h0, d0 := start.Hour(), int(start.Weekday())
	for i, c := range hist {
		h, d := hourAndDay(h0, d0, i)
		hodSum[h] += float64(c)
		hodN[h]++
		dowSum[d] += float64(c)
		dowN[d]++
	}
	b := baseline{Method: "seasonal", hod: make([]float64, 24), dow: make([]float64, 7)}
	for h := range b.hod {
		b.hod[h] = (hodSum[h] + 3*mean) / ((hodN[h] + 3) * mean)
	}
	for d := range b.dow {
		b.dow[d] = (dowSum[d] + 24*mean) / ((dowN[d] + 24) * mean)
	}
	recent := hist[len(hist)-levelHours:]
	var rs float64
	for _, c := range recent {
		rs += float64(c)
	}
	b.level = (rs + 0.5) / float64(len(recent))
	return b
}

// ewma returns the exponentially weighted level of hist, started from the
// mean of its first day.
func ewma(hist []int64) float64 {
	pred := ewmaPredictions(hist)
	last := pred[len(pred)-1]
	return last + ewmaAlpha()*(float64(hist[len(hist)-1])-last)
}

func ewmaAlpha() float64 { return 1 - math.Exp2(-1/ewmaHalfLife) }

// ewmaPredictions returns the one-step-ahead EWMA prediction for each hour.
func ewmaPredictions(hist []int64) []float64 {
	first := min(len(hist), 24)
	var level float64
	for _, c := range hist[:first] {
		level += float64(c)
	}
	level = (level + 0.5) / float64(first)
	pred := make([]float64, len(hist))
	for i, c := range hist {
		pred[i] = level
		level += ewmaAlpha() * (float64(c) - level)
	}
	return pred
}

// dispersion estimates variance/mean of the history around the model
// (Pearson chi-square per hour), at least 1.
func (b baseline) dispersion(hist []int64, start time.Time) float64 {
	var pred []float64
	if b.Method != "seasonal" {
		pred = ewmaPredictions(hist)
	}
	var chi, n float64
	h0, d0 := start.Hour(), int(start.Weekday())
	for i, c := range hist {
		var e float64
		if pred != nil {
			e = pred[i]
		} else {
			h, d := hourAndDay(h0, d0, i)
			e = b.level * b.hod[h] * b.dow[d]
		}
		if e > 0 {
			d := float64(c) - e
			chi += d * d / e
			n++
		}
	}
	if n == 0 {
		return 1
	}
	return math.Min(math.Max(chi/n, 1), maxDispersion)
}

// hourAndDay is the hour of day and weekday i hours after an hour h0 of weekday d0
// (UTC hours have no daylight saving, so this is plain arithmetic).
func hourAndDay(h0, d0, i int) (int, int) {
	h := h0 + i
	return h % 24, (d0 + h/24) % 7
}
