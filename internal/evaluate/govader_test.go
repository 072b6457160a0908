package evaluate_test

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/jonreiter/govader"

	"github.com/earshot/earshot/internal/evaluate"
	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
)

// vader adapts govader to evaluate.Scorer with VADER's usual thresholds.
type vader struct {
	v *govader.SentimentIntensityAnalyzer
}

func (g vader) Analyze(in sentiment.Input) model.Analysis {
	c := g.v.PolarityScores(in.Text).Compound
	l := model.Neutral
	switch {
	case c >= 0.05:
		l = model.Positive
	case c <= -0.05:
		l = model.Negative
	}
	return model.Analysis{Lang: "en", Scored: true, Score: c, Label: l}
}

// TestGovaderBaseline recomputes the govader figures published in issue 3
// with this package: an independent check of the metrics code on real files.
func TestGovaderBaseline(t *testing.T) {
	const dir = "../../../shared/eval"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("development files not present: %v", err)
	}
	g := vader{govader.NewSentimentIntensityAnalyzer()}
	for _, tc := range []struct {
		file string
		get  func(evaluate.Report) float64
		want float64
	}{
		{"en-airline-dev.jsonl", func(r evaluate.Report) float64 { return r.MacroF1 }, 0.452},
		{"en-uci-yelp.jsonl", func(r evaluate.Report) float64 { return r.BinaryAccuracy }, 0.730},
		{"en-nusax-valid.jsonl", func(r evaluate.Report) float64 { return r.MacroF1 }, 0.675},
		{"ms-uci-machine-translated.jsonl", func(r evaluate.Report) float64 { return r.BinaryAccuracy }, 0.496},
		{"hy-semeval-machine-translated-dev.jsonl", func(r evaluate.Report) float64 { return r.NegativeF1 }, 0.126},
	} {
		r, err := evaluate.FileWith(g, filepath.Join(dir, tc.file))
		if err != nil {
			t.Fatalf("FileWith(govader, %s): %v", tc.file, err)
		}
		if got := tc.get(r); math.Abs(got-tc.want) > 0.0005 {
			t.Errorf("govader on %s = %.3f, want %.3f (issue 3)", tc.file, got, tc.want)
		}
	}
}
