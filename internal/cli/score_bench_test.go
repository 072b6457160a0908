package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/cli"
)

// BenchmarkScoreCLI is `earshot score --jsonl` itself, through cli.Main:
// flag parsing, loading the analyzer, reading, scoring and writing every
// line of sentiment's benchmark corpus, repeated to ~50k lines. One op is
// one run of the command; texts/s compares with sentiment's
// BenchmarkGovaderJSONL (the same texts through govader, without a CLI).
func BenchmarkScoreCLI(b *testing.B) {
	f, err := os.Open("../../sentiment/testdata/bench_corpus.txt")
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if sc.Text() != "" {
			texts = append(texts, sc.Text())
		}
	}
	f.Close()
	// ~50k lines, so that loading the analyzer (once a run, as for a user)
	// is a small part of the run, as with any real file.
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	n := 0
	for n < 50_000 {
		for _, t := range texts {
			enc.Encode(map[string]any{"id": n, "text": t})
			n++
		}
	}
	var errb bytes.Buffer
	for b.Loop() {
		e := cli.Env{Stdin: bytes.NewReader(in.Bytes()), Stdout: io.Discard, Stderr: &errb,
			Getenv: func(string) string { return "" }, Now: time.Now, IsTerminal: func(io.Writer) bool { return false }}
		if code := cli.Main(context.Background(), []string{"score", "--jsonl"}, e); code != 0 {
			b.Fatalf("score --jsonl: exit %d: %s", code, errb.String())
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "texts/s")
}
