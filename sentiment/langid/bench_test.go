package langid_test

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/earshot/earshot/sentiment/langid"
)

// devSample is one line of testdata/dev-samples.jsonl.
type devSample struct {
	ID, Source, Text, Lang string
}

func readSamples(tb testing.TB) []devSample {
	tb.Helper()
	f, err := os.Open("testdata/dev-samples.jsonl")
	if err != nil {
		tb.Fatalf("open samples: %v", err)
	}
	defer f.Close()
	var out []devSample
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var s devSample
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			tb.Fatalf("samples: %v", err)
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("read samples: %v", err)
	}
	return out
}

// TestSamples checks the copied development texts. Malay and Indonesian
// texts with no word particular to either are called Malay by design, so for
// those files the pair must be right and most exact answers too.
func TestSamples(t *testing.T) {
	d := langid.New()
	exact, n := 0, 0
	for _, s := range readSamples(t) {
		got := d.Detect(s.Text).Lang
		n++
		if got == s.Lang {
			exact++
			continue
		}
		if pair := (got == "ms" || got == "id") && (s.Lang == "ms" || s.Lang == "id"); !pair {
			t.Errorf("%s: Detect(%q).Lang = %q, want %q", s.ID, s.Text, got, s.Lang)
		} else {
			t.Logf("%s: Detect(%q).Lang = %q, want %q (Malay/Indonesian)", s.ID, s.Text, got, s.Lang)
		}
	}
	if float64(exact) < 0.85*float64(n) {
		t.Errorf("%d of %d samples exact, want at least 85%%", exact, n)
	}
}

// BenchmarkDetect measures one tweet-length text per op over a corpus mixing
// every language of the tests with the development samples.
func BenchmarkDetect(b *testing.B) {
	d := langid.New()
	var corpus []string
	for _, tc := range detectCases {
		corpus = append(corpus, tc.text)
	}
	for _, s := range readSamples(b) {
		corpus = append(corpus, s.Text)
	}
	bytes := 0
	for _, s := range corpus {
		bytes += len(s)
	}
	b.SetBytes(int64(bytes / len(corpus)))
	i := 0
	for b.Loop() {
		d.Detect(corpus[i%len(corpus)])
		i++
	}
}

// BenchmarkDetectHuge measures a 1 MB text: Detect reads only its first
// 3 KB, so this costs what a 3 KB text does, not a megabyte's worth.
func BenchmarkDetectHuge(b *testing.B) {
	d := langid.New()
	text := strings.Repeat("The delivery was late again and nobody answered my emails. ", 18000)
	for b.Loop() {
		d.Detect(text)
	}
}

// BenchmarkNew measures building the tables, paid once per process.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		langid.New()
	}
}
