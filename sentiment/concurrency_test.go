package sentiment_test

import (
	"reflect"
	"sync"
	"testing"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
)

// TestConcurrentAnalyzeMatchesSequential shares one Analyzer between
// goroutines (run with -race) and checks nothing leaks between calls.
func TestConcurrentAnalyzeMatchesSequential(t *testing.T) {
	a := mustAnalyzer(t)
	texts := benchCorpus(t)[:120]
	want := make([]model.Analysis, len(texts))
	for i, s := range texts {
		want[i] = a.Analyze(sentiment.Input{Text: s, Explain: i%2 == 0})
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out model.Analysis
			for k := range texts {
				i := (k + g*31) % len(texts)
				a.AnalyzeInto(sentiment.Input{Text: texts[i], Explain: i%2 == 0}, &out)
				if got := normalized(out); !reflect.DeepEqual(got, normalized(want[i])) {
					t.Errorf("goroutine %d: Analyze(%.30q) = %+v, want %+v", g, texts[i], got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
}

// normalized treats empty and nil slices alike: AnalyzeInto keeps the
// caller's (empty) slices, Analyze starts from nil ones.
func normalized(a model.Analysis) model.Analysis {
	if len(a.Aspects) == 0 {
		a.Aspects = nil
	}
	if len(a.Explain) == 0 {
		a.Explain = nil
	}
	return a
}
