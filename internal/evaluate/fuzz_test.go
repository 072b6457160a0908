package evaluate_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/earshot/earshot/internal/evaluate"
	"github.com/earshot/earshot/sentiment"
)

// FuzzFile feeds arbitrary bytes as a JSONL file: an error is fine, a panic
// or a figure outside [0, 1] is not.
func FuzzFile(f *testing.F) {
	for _, name := range []string{"three.jsonl", "two.jsonl", "bad.jsonl"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	a, err := sentiment.New(sentiment.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "in.jsonl")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := evaluate.File(a, path)
		if err != nil {
			return
		}
		for _, v := range []float64{r.Accuracy, r.MacroF1, r.LangAccuracy, r.BinaryAccuracy, r.NegativeF1} {
			if v < 0 || v > 1 {
				t.Errorf("File(%q) has a figure %v outside [0, 1]: %+v", data, v, r)
			}
		}
	})
}
