package sentiment

import (
	"testing"

	"github.com/earshot/earshot/internal/model"
)

// settle only overrides a neutral model label, and only on clear rules.
func TestSettle(t *testing.T) {
	for _, tc := range []struct {
		name        string
		label       model.Label
		complaintW  float32
		score, rule float32
		ngrams      bool
		want        model.Label
	}{
		{"strong complaint, negative score", model.Neutral, -2.0, -0.37, -0.4, true, model.Negative},
		{"weak complaint stays neutral", model.Neutral, -0.8, -0.37, -0.4, true, model.Neutral},
		{"complaint, score near 0", model.Neutral, -2.0, -0.1, -0.4, true, model.Neutral},
		{"complaint outweighed by praise in the rules", model.Neutral, -2.0, -0.3, 0.2, true, model.Neutral},
		{"a model label is kept", model.Positive, -2.0, -0.37, -0.4, true, model.Positive},
		{"rules-only language, clear negative rules", model.Neutral, 0, -0.1, -0.3, false, model.Negative},
		{"rules-only language, clear positive rules", model.Neutral, 0, 0.1, 0.3, false, model.Positive},
		{"rules-only language, positive rules over a negative model lean", model.Neutral, 0, -0.07, 0.25, false, model.Positive},
		{"rules-only language, no evidence", model.Neutral, 0, 0, 0, false, model.Neutral},
		{"n-gram language, rules alone do not decide", model.Neutral, 0, -0.1, -0.3, true, model.Neutral},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &scratch{complaintW: tc.complaintW, complained: tc.complaintW != 0}
			got, score := s.settle(tc.label, tc.score, tc.rule, tc.ngrams)
			if got != tc.want {
				t.Errorf("settle(%s, score %v, rule %v, ngrams %v) = %s, want %s", tc.label, tc.score, tc.rule, tc.ngrams, got, tc.want)
			}
			if tc.label == model.Neutral && (got == model.Positive && score < 0 || got == model.Negative && score > 0) {
				t.Errorf("settle(%s, score %v, rule %v, ngrams %v) = %s with score %v: the signs disagree", tc.label, tc.score, tc.rule, tc.ngrams, got, score)
			}
		})
	}
}

// A phrase that starts with a negator ("not the worst") marks its other
// words negated, so the model does not read a bare "worst".
func TestNegatingPhraseMarksItsWords(t *testing.T) {
	a, err := New(Options{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	for _, tc := range []struct {
		text, word string
		want       bool
	}{
		{"not the worst", "worst", true},
		{"not bad at all", "bad", true},
		{"the worst", "worst", false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			s := newScratch()
			_, lex, _ := a.prepare(s, tc.text, "", "en")
			a.scoreTokens(s, lex)
			found := false
			for i := range s.toks {
				if string(s.toks[i].w) == tc.word {
					found = true
					if s.negated[i] != tc.want {
						t.Errorf("%q: %q negated = %v, want %v", tc.text, tc.word, s.negated[i], tc.want)
					}
				}
			}
			if !found {
				t.Errorf("%q: no token %q", tc.text, tc.word)
			}
		})
	}
}

// A postbooster line loads, and a word may boost both before and after.
func TestPostBoosterLoads(t *testing.T) {
	l := newLexicon("xx")
	for _, f := range [][]string{{"sangat", "booster", "0.35"}, {"sangat", "postbooster", "0.35"}, {"banget", "postbooster", "0.4"}} {
		if err := l.addModifier(f); err != nil {
			t.Fatalf("addModifier(%q): %v", f, err)
		}
	}
	if got := l.terms["sangat"]; got.kind != modBooster || got.modVal != 0.35 || got.postVal != 0.35 {
		t.Errorf("sangat = kind %v modVal %v postVal %v, want booster 0.35 both ways", got.kind, got.modVal, got.postVal)
	}
	if got := l.terms["banget"]; got.kind != modNone || got.postVal != 0.4 {
		t.Errorf("banget = kind %v postVal %v, want no pre-booster, postVal 0.4", got.kind, got.postVal)
	}
}
