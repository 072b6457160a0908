package evaluate_test

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/earshot/earshot/internal/evaluate"
	"github.com/earshot/earshot/sentiment"
)

func mustAnalyzer(t *testing.T) *sentiment.Analyzer {
	t.Helper()
	a, err := sentiment.New(sentiment.Options{})
	if err != nil {
		t.Fatalf("sentiment.New: %v", err)
	}
	return a
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-4 }

// The expected figures were computed by hand: see testdata/README.md. The
// analyser gets t1, t3, t5 right and t2, t4, t6 wrong (their gold labels are
// deliberately wrong), and detects English for t6, whose `lang` says ms.
func TestFileThreeClass(t *testing.T) {
	r, err := evaluate.File(mustAnalyzer(t), "testdata/three.jsonl")
	if err != nil {
		t.Fatalf("File: %v", err)
	}
	wantConf := [3][3]int{{1, 0, 1}, {1, 1, 0}, {1, 0, 1}}
	if r.Confusion != wantConf {
		t.Errorf("Confusion = %v, want %v", r.Confusion, wantConf)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"Accuracy", r.Accuracy, 0.5},
		{"MacroF1", r.MacroF1, (0.4 + 2.0/3 + 0.5) / 3},
		{"negative precision", r.Classes[0].Precision, 1.0 / 3},
		{"negative recall", r.Classes[0].Recall, 0.5},
		{"negative F1", r.Classes[0].F1, 0.4},
		{"neutral precision", r.Classes[1].Precision, 1},
		{"neutral F1", r.Classes[1].F1, 2.0 / 3},
		{"positive F1", r.Classes[2].F1, 0.5},
		{"LangAccuracy", r.LangAccuracy, 5.0 / 6},
	} {
		if !near(c.got, c.want) {
			t.Errorf("%s = %.4f, want %.4f", c.name, c.got, c.want)
		}
	}
	if r.N != 6 || r.LangN != 6 || r.TwoClass || r.Classes[1].Support != 2 {
		t.Errorf("N, LangN, TwoClass, neutral support = %d, %d, %v, %d; want 6, 6, false, 2", r.N, r.LangN, r.TwoClass, r.Classes[1].Support)
	}
}

// two.jsonl: b1, b4 right; b2, b3 wrong; b5 predicted neutral with a
// positive score: wrong in three-class terms, right in binary terms
// (positive F1 = 2*(1/2)*(1/3)/(1/2+1/3) = 0.4). The blank line is skipped.
func TestFileTwoClass(t *testing.T) {
	r, err := evaluate.File(mustAnalyzer(t), "testdata/two.jsonl")
	if err != nil {
		t.Fatalf("File: %v", err)
	}
	if !r.TwoClass || r.N != 5 {
		t.Fatalf("TwoClass, N = %v, %d; want true, 5", r.TwoClass, r.N)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"BinaryAccuracy", r.BinaryAccuracy, 0.6},
		{"NegativeF1", r.NegativeF1, 0.5},
		{"Accuracy", r.Accuracy, 0.4},
		{"MacroF1", r.MacroF1, (0.5 + 0 + 0.4) / 3},
	} {
		if !near(c.got, c.want) {
			t.Errorf("%s = %.4f, want %.4f", c.name, c.got, c.want)
		}
	}
}

func TestFileErrors(t *testing.T) {
	a := mustAnalyzer(t)
	if _, err := evaluate.File(a, "testdata/bad.jsonl"); err == nil || !strings.Contains(err.Error(), "bad.jsonl:2") {
		t.Errorf("File(bad.jsonl) error = %v, want one naming line 2", err)
	}
	if _, err := evaluate.File(a, "testdata/missing.jsonl"); err == nil {
		t.Errorf("File(missing) error = nil, want an error")
	}
	path := t.TempDir() + "/label.jsonl"
	if err := writeFile(path, `{"text": "ok", "label": "happy"}`+"\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := evaluate.File(a, path); !errors.Is(err, evaluate.ErrLabel) {
		t.Errorf("File(label happy) error = %v, want ErrLabel", err)
	}
}

func TestWriteText(t *testing.T) {
	r, err := evaluate.File(mustAnalyzer(t), "testdata/two.jsonl")
	if err != nil {
		t.Fatalf("File: %v", err)
	}
	var b bytes.Buffer
	r.WriteText(&b)
	for _, want := range []string{"testdata/two.jsonl", "n=5", "accuracy=0.400", "binary-accuracy=0.600", "negative-F1=0.500", "lang-id=1.000 (5)", "confusion"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("WriteText() = %q, want it to contain %q", b.String(), want)
		}
	}
}
