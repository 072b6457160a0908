package sentiment_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"testing"

	"github.com/jonreiter/govader"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
)

// jsonlInput is the corpus as `earshot score --jsonl` reads it.
func jsonlInput(tb testing.TB) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for i, s := range benchCorpus(tb) {
		if err := enc.Encode(map[string]any{"id": i, "text": s}); err != nil {
			tb.Fatal(err)
		}
	}
	return b.Bytes()
}

type scoreLine struct {
	ID   json.RawMessage `json:"id"`
	Text string          `json:"text"`
}

// scoreJSONL is the shape of a JSONL scorer: decode a line, score, encode a line.
func scoreJSONL(tb testing.TB, in []byte, w io.Writer, score func(text string) any) int {
	sc := bufio.NewScanner(bytes.NewReader(in))
	enc := json.NewEncoder(w)
	n := 0
	for sc.Scan() {
		var l scoreLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			tb.Fatal(err)
		}
		if err := enc.Encode(score(l.Text)); err != nil {
			tb.Fatal(err)
		}
		n++
	}
	return n
}

// BenchmarkScoreJSONL is `earshot score --jsonl` end to end minus the CLI:
// one op is the whole corpus; texts/s is the figure to compare.
func BenchmarkScoreJSONL(b *testing.B) {
	a := mustAnalyzer(b)
	in := jsonlInput(b)
	var out model.Analysis
	n := 0
	cpu0 := cpuTime(b)
	for b.Loop() {
		n += scoreJSONL(b, in, io.Discard, func(text string) any {
			a.AnalyzeInto(sentiment.Input{Text: text}, &out)
			return &out
		})
	}
	reportTexts(b, n, cpu0)
}

// BenchmarkGovaderJSONL is the same loop around govader.
func BenchmarkGovaderJSONL(b *testing.B) {
	v := govader.NewSentimentIntensityAnalyzer()
	in := jsonlInput(b)
	n := 0
	cpu0 := cpuTime(b)
	for b.Loop() {
		n += scoreJSONL(b, in, io.Discard, func(text string) any {
			s := v.PolarityScores(text)
			return &s
		})
	}
	reportTexts(b, n, cpu0)
}
