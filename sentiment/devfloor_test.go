package sentiment_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/earshot/earshot/internal/evaluate"
)

// devDir holds the labelled development files (present in CI, see
// ../../shared/eval/README.md). Several are training files of the model,
// so their floors guard against regressions, not overfitting: the trainer
// prints the held-out figures (internal/train/heldout.txt).
const devDir = "../../shared/eval"

func TestDevFileFloors(t *testing.T) {
	if _, err := os.Stat(devDir); err != nil {
		t.Skipf("development files not present: %v", err)
	}
	a := mustAnalyzer(t)
	macro := func(r evaluate.Report) float64 { return r.MacroF1 }
	binary := func(r evaluate.Report) float64 { return r.BinaryAccuracy }
	negF1 := func(r evaluate.Report) float64 { return r.NegativeF1 }
	for _, tc := range []struct {
		file   string
		metric string
		get    func(evaluate.Report) float64
		floor  float64
	}{
		{"en-airline-dev.jsonl", "macro-F1", macro, 0.62},
		{"en-uci-amazon.jsonl", "binary accuracy", binary, 0.82},
		{"en-uci-imdb.jsonl", "binary accuracy", binary, 0.82},
		{"en-uci-yelp.jsonl", "binary accuracy", binary, 0.82},
		{"en-vader-movieReviewSnippets.jsonl", "macro-F1", macro, 0.50},
		{"en-nusax-valid.jsonl", "macro-F1", macro, 0.72},
		{"ms-twitter-politics.jsonl", "macro-F1", macro, 0.50},
		{"ms-uci-machine-translated.jsonl", "binary accuracy", binary, 0.75},
		{"id-nusax-valid.jsonl", "macro-F1", macro, 0.62},
		{"hy-semeval-machine-translated-dev.jsonl", "negative-class F1", negF1, 0.45},
	} {
		t.Run(tc.file, func(t *testing.T) {
			r, err := evaluate.File(a, filepath.Join(devDir, tc.file))
			if err != nil {
				t.Fatalf("evaluate %s: %v", tc.file, err)
			}
			if got := tc.get(r); got < tc.floor {
				t.Errorf("%s %s = %.3f, want >= %.2f", tc.file, tc.metric, got, tc.floor)
			}
		})
	}
}
