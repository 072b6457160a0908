// Command langtune measures earshot's Malay, Indonesian and Armenian lexicons
// on labelled JSONL dev files and prints, per file, macro-F1, accuracy,
// sign accuracy and negative-class F1, for the whole file and for the 20%
// held out by id hash (see HeldOut). Its tests check that every lexicon file
// of those languages follows the documented format. It owns no engine logic
// and ships nothing: it is a tuning aid run from the repository root, scoring
// through the real engine (sentiment.New), embedded lexicons and model included:
//
//	go run ./sentiment/internal/langtune ../shared/eval/ms-twitter-politics.jsonl ...
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

type row struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	Label string `json:"label"`
	Lang  string `json:"lang"`
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("langtune", flag.ContinueOnError)
	fs.SetOutput(stderr)
	hint := fs.Bool("hint", false, "pass each line's gold language as LangHint (default: the engine detects it)")
	miss := fs.Int("miss", 0, "print up to N lines of the tuning part the rules misclassify (never for evaluation-only files)")
	if err := fs.Parse(args); err != nil {
		return 1
	}
	sc, err := newScorer(*hint)
	if err != nil {
		fmt.Fprintf(stderr, "langtune: %v\n", err)
		return 2
	}
	for _, path := range fs.Args() {
		if err := evalFile(sc, path, *miss, stdout); err != nil {
			fmt.Fprintf(stderr, "langtune: %v\n", err)
			return 1
		}
	}
	return 0
}

// evalOnly names dev files whose licence (CC BY-NC) allows measuring but not
// deriving vocabulary: their misclassified lines are never printed.
func evalOnly(path string) bool {
	b := filepath.Base(path)
	return strings.HasPrefix(b, "hy-") || strings.HasPrefix(b, "en-airline")
}

// fileResult holds the tallies of one dev file: engine and rules-only, whole
// file and held-out part, plus language-ID hits and lines with no usable label.
type fileResult struct {
	all, held, rulesAll, rulesHeld Tally
	langHits, skipped              int
}

func evalFile(sc *engineScorer, path string, miss int, w io.Writer) error {
	rows, err := readRows(path)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return fmt.Errorf("%s: no labelled lines", path)
	}
	var res fileResult
	shown := 0
	for _, r := range rows {
		v := sc.Score(r.Text, r.Lang)
		if !res.add(r, v) {
			continue
		}
		if !HeldOut(r.ID) && ruleLabel(v.rules) != r.Label && shown < miss && !evalOnly(path) {
			shown++
			fmt.Fprintf(w, "MISS gold=%s rules=%.2f engine=%s %s\n", r.Label, v.rules, v.label, strings.ReplaceAll(r.Text, "\n", " "))
		}
	}
	res.print(w, filepath.Base(path), rows[0].Lang, len(rows))
	return nil
}

// add tallies one line; it reports false for a line whose gold label is not
// one of the three classes, which is counted rather than silently dropped.
func (f *fileResult) add(r row, v verdict) bool {
	if labelIndex(r.Label) < 0 {
		f.skipped++
		return false
	}
	if v.lang == r.Lang {
		f.langHits++
	}
	f.all.Add(r.Label, v.label, v.score)
	f.rulesAll.Add(r.Label, ruleLabel(v.rules), v.rules)
	if HeldOut(r.ID) {
		f.held.Add(r.Label, v.label, v.score)
		f.rulesHeld.Add(r.Label, ruleLabel(v.rules), v.rules)
	}
	return true
}

func (f *fileResult) print(w io.Writer, base, lang string, n int) {
	f.held.Print(w, base+" [engine, held-out 20%]")
	f.all.Print(w, base+" [engine, whole file]")
	f.rulesHeld.Print(w, base+" [rules only, held-out 20%]")
	f.rulesAll.Print(w, base+" [rules only, whole file]")
	fmt.Fprintf(w, "    language identified as %q: %d of %d; lines without a usable label: %d\n", lang, f.langHits, n, f.skipped)
}

func readRows(path string) ([]row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open dev file: %w", err)
	}
	defer f.Close()
	var rows []row
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for n := 1; sc.Scan(); n++ {
		var r row
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return rows, nil
}
