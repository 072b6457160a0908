// Command langtune measures earshot's Malay, Indonesian and Armenian lexicons
// on labelled JSONL dev files and prints, per file, macro-F1, accuracy,
// sign accuracy and negative-class F1, for the whole file and for the 20%
// held out by id hash (see HeldOut). Its tests check that every lexicon file
// of those languages follows the documented format. It owns no engine logic
// and ships nothing: it is a tuning aid run from the repository root:
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
	lexdir := fs.String("lexicons", "sentiment/lexicons", "lexicon root (one directory per language)")
	miss := fs.Int("miss", 0, "print up to N misclassified lines of the tuning part (never for evaluation-only files)")
	if err := fs.Parse(args); err != nil {
		return 1
	}
	for _, path := range fs.Args() {
		if err := evalFile(path, *lexdir, *miss, stdout); err != nil {
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

func evalFile(path, lexdir string, miss int, w io.Writer) error {
	rows, err := readRows(path)
	if err != nil {
		return err
	}
	sc, err := newScorer(lexdir, rows)
	if err != nil {
		return err
	}
	var all, held Tally
	shown := 0
	for _, r := range rows {
		score, label := sc.Score(r.Text, r.Lang)
		all.Add(r.Label, label, score)
		if HeldOut(r.ID) {
			held.Add(r.Label, label, score)
			continue
		}
		if label != r.Label && shown < miss && !evalOnly(path) {
			shown++
			fmt.Fprintf(w, "MISS gold=%s pred=%s %.2f %s\n", r.Label, label, score, strings.ReplaceAll(r.Text, "\n", " "))
		}
	}
	base := filepath.Base(path)
	held.Print(w, base+" [held-out 20%]")
	all.Print(w, base+" [whole file]")
	return nil
}

func readRows(path string) ([]row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
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
