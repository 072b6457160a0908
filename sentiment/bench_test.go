package sentiment_test

import (
	"bufio"
	"os"
	"testing"
	"time"

	"github.com/jonreiter/govader"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
)

// benchCorpus reads testdata/bench_corpus.txt: tweet-length en/ms/id/hy texts.
func benchCorpus(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open("testdata/bench_corpus.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var texts []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if sc.Text() != "" {
			texts = append(texts, sc.Text())
		}
	}
	if err := sc.Err(); err != nil || len(texts) == 0 {
		tb.Fatalf("read corpus: %v (%d texts)", err, len(texts))
	}
	return texts
}

// BenchmarkAnalyze is the hot path: language identification and scoring of
// mixed-language tweets into a reused Analysis. One op is one text.
func BenchmarkAnalyze(b *testing.B) {
	a := mustAnalyzer(b)
	texts := benchCorpus(b)
	var out model.Analysis
	i := 0
	cpu0 := cpuTime(b)
	for b.Loop() {
		a.AnalyzeInto(sentiment.Input{Text: texts[i%len(texts)]}, &out)
		i++
	}
	reportRate(b, cpu0)
}

// BenchmarkAnalyzeParallel is the same over all GOMAXPROCS goroutines.
func BenchmarkAnalyzeParallel(b *testing.B) {
	a := mustAnalyzer(b)
	texts := benchCorpus(b)
	cpu0 := cpuTime(b)
	b.RunParallel(func(pb *testing.PB) {
		var out model.Analysis
		i := 0
		for pb.Next() {
			a.AnalyzeInto(sentiment.Input{Text: texts[i%len(texts)]}, &out)
			i++
		}
	})
	reportRate(b, cpu0)
}

// BenchmarkGovader scores the same texts with VADER's Go port, for comparison.
func BenchmarkGovader(b *testing.B) {
	v := govader.NewSentimentIntensityAnalyzer()
	texts := benchCorpus(b)
	i := 0
	cpu0 := cpuTime(b)
	for b.Loop() {
		_ = v.PolarityScores(texts[i%len(texts)])
		i++
	}
	reportRate(b, cpu0)
}

// BenchmarkNew is the one-time cost of loading lexicons and weights.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := sentiment.New(sentiment.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// reportRate reports texts per wall-clock second and, where the OS tells,
// per CPU-second of the whole process (which includes the GC).
func reportRate(b *testing.B, cpu0 time.Duration) { reportTexts(b, b.N, cpu0) }

// reportTexts reports n texts over the benchmark's wall-clock and CPU time.
func reportTexts(b *testing.B, n int, cpu0 time.Duration) {
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "texts/s")
	if cpu := cpuTime(b) - cpu0; cpu > 0 {
		b.ReportMetric(float64(n)/cpu.Seconds(), "texts/cpu-s")
	}
}
