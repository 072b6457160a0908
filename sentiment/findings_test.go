package sentiment_test

import (
	"math"
	"strings"
	"testing"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
)

func weightOf(r model.Analysis, tok, rule string) (float64, bool) {
	for _, c := range r.Explain {
		if c.Token == tok && strings.HasPrefix(c.Rule, rule) {
			return c.Weight, true
		}
	}
	return 0, false
}

// "!" strengthens a text's lean either way: Explain shows it with that sign.
func TestExclamationExplainSign(t *testing.T) {
	a := mustAnalyzer(t)
	for _, text := range []string{"The flight was awful!!!", "The crew were wonderful!!!"} {
		r := a.Analyze(sentiment.Input{Text: text, LangHint: "en", Explain: true})
		w, ok := weightOf(r, "!", "exclamation")
		if !ok || r.Score == 0 || math.Signbit(w) != math.Signbit(r.Score) {
			t.Errorf("%q: score %v, but Explain shows \"!\" (found %v) with weight %+v; want it there with the score's sign", text, r.Score, ok, w)
		}
	}
}

// A complaint pattern is explained with its weight as applied (clause and
// contrast weighting included), so the word itself keeps its own sign.
func TestComplaintExplainAttribution(t *testing.T) {
	a := mustAnalyzer(t)
	r := a.Analyze(sentiment.Input{Text: "My bag was lost but the crew were great", LangHint: "en", Explain: true})
	w, ok := weightOf(r, "lost", "lexicon")
	if !ok || w >= 0 {
		t.Errorf("Explain: negative word \"lost\" (valence -1.3) shown %v with weight %+v; want it with a negative weight; explain=%+v", ok, w, r.Explain)
	}
}

// User terms never depend on map order: a language's own term overrides a
// "*" one, and one term written twice with different valences is an error.
func TestUserTermsAreDeterministic(t *testing.T) {
	scores := map[float64]string{}
	for range 20 {
		b, err := sentiment.New(sentiment.Options{Terms: map[string]map[string]float64{"*": {"sick": -2}, "en": {"sick": 3}}})
		if err != nil {
			t.Fatal(err)
		}
		scores[b.Analyze(sentiment.Input{Text: "that trick was sick", LangHint: "en"}).Score] = b.Version()
	}
	for score := range scores {
		if len(scores) > 1 || score <= 0 {
			t.Errorf("20 Analyzers from one Options gave scores/versions %v; want one positive score (en overrides *)", scores)
		}
	}
	if _, err := sentiment.New(sentiment.Options{Terms: map[string]map[string]float64{"en": {"Sick": -2, "sick": 3}}}); err == nil {
		t.Error(`New accepted "Sick": -2 and "sick": 3, which normalise to one term`)
	}
}

// A user term for a word slang.tsv respells ("ty" -> "thanks") applies.
func TestUserTermOnSlangApplies(t *testing.T) {
	b, err := sentiment.New(sentiment.Options{Terms: map[string]map[string]float64{"en": {"ty": -3, "canceled": 2}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tx := range []string{"ty", "it was canceled"} {
		r := b.Analyze(sentiment.Input{Text: tx, LangHint: "en", Explain: true})
		want := -1.0
		if tx != "ty" {
			want = 1
		}
		if r.Score*want <= 0 {
			t.Errorf("user term in %q ignored: score %v, explain %+v", tx, r.Score, r.Explain)
		}
	}
}

// A contrast word weighs down its own sentence only, not earlier ones or the title.
func TestContrastStaysInItsSentence(t *testing.T) {
	a := mustAnalyzer(t)
	for _, in := range []sentiment.Input{
		{Text: "The food was terrible. The staff were nice but slow.", LangHint: "en", Explain: true},
		{Title: "Terrible airline", Text: "The seats were fine but the crew was slow", LangHint: "en", Explain: true},
	} {
		r := a.Analyze(in)
		if w, _ := weightOf(r, "terrible", "lexicon"); w != -2.1 {
			t.Errorf("%q/%q: \"terrible\" (own sentence, valence -2.1) weighted %v by a later sentence's \"but\"", in.Title, in.Text, w)
		}
	}
}

// Negated urgency ("not urgent", "never felt unsafe") is not urgency.
func TestNegatedUrgency(t *testing.T) {
	a := mustAnalyzer(t)
	for _, tx := range []string{
		"Not urgent, just a quick question about my booking",
		"Never felt unsafe on this airline",
		"Nothing dangerous about it, great ride",
	} {
		if r := a.Analyze(sentiment.Input{Text: tx, LangHint: "en"}); r.Urgency > 0 {
			t.Errorf("Urgency(%q) = %d (label %s), want 0", tx, r.Urgency, r.Label)
		}
	}
}

// "Food: excellent": an aspect set off by a colon shares its verdict's clause.
func TestAspectAfterColon(t *testing.T) {
	a := mustAnalyzer(t)
	r := a.Analyze(sentiment.Input{Text: "Food: excellent. Service: terrible.", LangHint: "en"})
	got := map[string]float64{}
	for _, as := range r.Aspects {
		got[as.Aspect] = as.Score
	}
	if len(got) != 2 || got["quality"] <= 0 || got["service"] >= 0 {
		t.Errorf("aspects of %q = %+v; want quality (the food) positive and service negative", "Food: excellent. Service: terrible.", r.Aspects)
	}
}

// In a rules-only language (hy) the label and the score agree in sign.
func TestHyLabelScoreAgree(t *testing.T) {
	a := mustAnalyzer(t)
	for _, tx := range []string{"աճին չէ", "անհամ չէ?", "omg?"} {
		r := a.Analyze(sentiment.Input{Text: tx, LangHint: "hy"})
		if r.Label == model.Positive && r.Score <= 0 || r.Label == model.Negative && r.Score >= 0 {
			t.Errorf("Analyze(%q, hy) = label %s, score %v", tx, r.Label, r.Score)
		}
	}
}

// The Armenian comma U+055D ends a negation's reach, as "," does.
func TestArmenianCommaEndsNegation(t *testing.T) {
	a := mustAnalyzer(t)
	comma := a.Analyze(sentiment.Input{Text: "ոչ, լավ", LangHint: "hy"})
	arm := a.Analyze(sentiment.Input{Text: "ոչ՝ լավ", LangHint: "hy"})
	if comma.Label != arm.Label {
		t.Errorf("\"ոչ, լավ\" = %s %v but \"ոչ՝ լավ\" (Armenian comma) = %s %v", comma.Label, comma.Score, arm.Label, arm.Score)
	}
}

// One letter of a script only one language writes (the ツ of a shrug, π)
// names no language, so an emoji text around it is still scored. (Two
// letters, as in ಠ_ಠ, can be a Kannada word: that stays Kannada, unscored.)
func TestLoneLetterDoesNotNameALanguage(t *testing.T) {
	a := mustAnalyzer(t)
	for _, tx := range []string{"😡 ¯\\_(ツ)_/¯", "😍😍 π"} {
		r := a.Analyze(sentiment.Input{Text: tx})
		if !r.Scored {
			t.Errorf("Analyze(%q) = lang %s, unscored; %q alone is scored", tx, r.Lang, []rune(tx)[0:1])
		}
	}
}

// A refund that arrived is not a complaint ("my refund" alone is a cue, not
// a complaint pattern).
func TestComplaintFalsePositives(t *testing.T) {
	a := mustAnalyzer(t)
	for _, tx := range []string{"My refund arrived quickly, thank you"} {
		if r := a.Analyze(sentiment.Input{Text: tx, LangHint: "en"}); r.Complaint {
			t.Errorf("Complaint(%q) = true (label %s, score %v)", tx, r.Label, r.Score)
		}
	}
}

// An aspect mentioned twice in one clause counts that clause once, however
// far into a long review.
func TestAspectClauseCountedOnceAfter64(t *testing.T) {
	a := mustAnalyzer(t)
	s := "The food and the food court were terrible."
	short := a.Analyze(sentiment.Input{Text: s, LangHint: "en"})
	long := a.Analyze(sentiment.Input{Text: strings.Repeat("hm, ", 70) + s, LangHint: "en"})
	if short.Aspects[0] != long.Aspects[0] {
		t.Errorf("same clause, aspect %+v at the start, %+v after 70 empty clauses", short.Aspects[0], long.Aspects[0])
	}
}

// A NaN user valence is refused.
func TestNaNUserTerm(t *testing.T) {
	b, err := sentiment.New(sentiment.Options{Terms: map[string]map[string]float64{"en": {"good": math.NaN()}}})
	if err != nil {
		return
	}
	r := b.Analyze(sentiment.Input{Text: "good food", LangHint: "en"})
	t.Errorf("New accepted valence NaN; Analyze(\"good food\") = score %v confidence %v", r.Score, r.Confidence)
}

// One aspect whose own clause is neutral takes the text's sentiment: the
// verdict often sits in a clause of its own. With two aspects a neutral
// one stays neutral, rather than borrow the other's verdict.
func TestSingleAspectTakesTheTextsVerdict(t *testing.T) {
	a := mustAnalyzer(t)
	aspect := func(r model.Analysis, name string) (float64, bool) {
		for _, as := range r.Aspects {
			if as.Aspect == name {
				return as.Score, true
			}
		}
		return 0, false
	}
	one := a.Analyze(sentiment.Input{Text: "Delivery took three weeks, awful.", LangHint: "en"})
	if d, ok := aspect(one, "delivery"); !ok || d >= 0 {
		t.Errorf("%q: delivery aspect %v (found %v), want negative; aspects %+v", "Delivery took three weeks, awful.", d, ok, one.Aspects)
	}
	two := a.Analyze(sentiment.Input{Text: "The delivery came on Tuesday, and the staff were rude.", LangHint: "en"})
	d, okD := aspect(two, "delivery")
	s, okS := aspect(two, "service")
	if !okD || !okS || d != 0 || s >= 0 {
		t.Errorf("two aspects: delivery %v (%v), service %v (%v); want delivery 0 and service (the staff) negative; aspects %+v", d, okD, s, okS, two.Aspects)
	}
}
