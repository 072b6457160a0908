package main

import (
	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
)

// engineScorer measures through the real engine, exactly as earshot scores.
type engineScorer struct {
	a    *sentiment.Analyzer
	hint bool // pass the file's gold language as LangHint instead of detecting it
}

func newScorer(hint bool) (*engineScorer, error) {
	a, err := sentiment.New(sentiment.Options{})
	if err != nil {
		return nil, err
	}
	return &engineScorer{a: a, hint: hint}, nil
}

// verdict is what the engine said about one text: its final score and label,
// the rules-only score behind them (the lexicons' own contribution, before the
// embedded model), and the language it scored in.
type verdict struct {
	score float64
	label string
	rules float64
	lang  string
}

// Score runs the engine with Explain on, to read the rules-only score too.
func (e *engineScorer) Score(text, lang string) verdict {
	in := sentiment.Input{Text: text, Explain: true}
	if e.hint {
		in.LangHint = lang
	}
	var out model.Analysis
	e.a.AnalyzeInto(in, &out)
	v := verdict{score: out.Score, label: labelName(out.Label), rules: out.Score, lang: out.Lang}
	for _, c := range out.Explain {
		if c.Rule == "rules" {
			v.rules = c.Weight
		}
	}
	return v
}

// ruleLabel reads a rules-only score with the engine's rule thresholds (±0.05).
func ruleLabel(score float64) string {
	switch {
	case score >= 0.05:
		return "positive"
	case score <= -0.05:
		return "negative"
	}
	return "neutral"
}

func labelName(l model.Label) string {
	switch l {
	case model.Negative:
		return "negative"
	case model.Positive:
		return "positive"
	}
	return "neutral"
}
