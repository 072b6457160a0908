// Package evaluate measures a sentiment.Analyzer against labelled JSONL files
// (`text`, `label`, `lang`, `id`, optional `rating`): accuracy, macro-F1,
// per-class precision/recall/F1, the confusion matrix, language-ID accuracy
// and, for two-class files, binary accuracy and negative-class F1.
// It reads files and prints reports; it never changes the analyzer.
package evaluate

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
)

// maxLine bounds one JSONL record (a long review fits easily).
const maxLine = 4 << 20

// Example is one labelled line.
type Example struct {
	ID     string   `json:"id"`
	Text   string   `json:"text"`
	Label  string   `json:"label"`
	Lang   string   `json:"lang"`
	Rating *float64 `json:"rating"`
}

// ClassStats are one class's figures. Support is the number of gold examples.
type ClassStats struct {
	Precision, Recall, F1 float64
	Support               int
}

// Report is the evaluation of one file. Classes and Confusion are indexed by
// model.Label.Index() (negative, neutral, positive); Confusion[gold][predicted].
type Report struct {
	File      string
	N         int
	Unscored  int // texts whose language could not be scored (counted as neutral)
	Accuracy  float64
	MacroF1   float64
	Classes   [3]ClassStats
	Confusion [3][3]int
	// LangAccuracy is the share of lines whose detected language equals `lang`
	// (lines without `lang` are not counted: LangN).
	LangAccuracy float64
	LangN        int
	// TwoClass is set when no gold label is neutral; BinaryAccuracy then
	// decides a predicted neutral by the sign of the score (>= 0 positive).
	TwoClass       bool
	BinaryAccuracy float64
	NegativeF1     float64
}

// Scorer is anything that analyses a text like sentiment.Analyzer, so a
// baseline (govader, say) can be measured with the same code.
type Scorer interface {
	Analyze(in sentiment.Input) model.Analysis
}

// File evaluates a on the labelled JSONL file at path.
func File(a *sentiment.Analyzer, path string) (Report, error) { return FileWith(a, path) }

// FileWith evaluates any Scorer on the labelled JSONL file at path.
func FileWith(a Scorer, path string) (Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return Report{}, fmt.Errorf("evaluate: %w", err)
	}
	defer f.Close()
	r := Report{File: path}
	var t tally
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\ufeff")) // a BOM, as Notepad writes
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		var ex Example
		if err := json.Unmarshal(b, &ex); err != nil {
			return Report{}, fmt.Errorf("evaluate %s:%d: %w", path, line, err)
		}
		gold := model.Label(ex.Label).Index()
		if gold < 0 {
			return Report{}, fmt.Errorf("evaluate %s:%d: label %q: %w", path, line, ex.Label, ErrLabel)
		}
		an := a.Analyze(sentiment.Input{Text: ex.Text, Rating: ex.Rating})
		t.add(gold, an, ex.Lang)
	}
	if err := sc.Err(); err != nil { // a line over maxLine
		return Report{}, fmt.Errorf("evaluate %s:%d: %w (lines are limited to %d MiB)", path, line+1, err, maxLine>>20)
	}
	t.report(&r)
	return r, nil
}
