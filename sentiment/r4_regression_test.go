package sentiment_test

import (
	"fmt"
	"testing"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
)

// Loyalty that sounds like churn ("never ... anywhere else again") is no
// churn complaint. (The weak "again" cue may still lean some of them
// negative; what matters for support is that none is flagged.)
func TestChurnFalsePositivesEN(t *testing.T) {
	a := mustAnalyzer(t)
	for _, tx := range []string{
		"I will never go anywhere else again.",
		"I will never fly another airline again!",
		"I would never buy from anyone else. Best shop in town.",
		"To avoid this, they upgraded us for free. Great service.",
		"Will I ever again find a hotel this good?",
	} {
		r := a.Analyze(sentiment.Input{Text: tx, LangHint: "en", Explain: true})
		if r.Complaint {
			t.Errorf("%q: complaint=%v label=%s score=%v (%v)", tx, r.Complaint, r.Label, r.Score, firstPattern(r))
		}
	}
}

// The same in ms, id and hy.
func TestChurnFalsePositivesMsIdHy(t *testing.T) {
	a := mustAnalyzer(t)
	for _, c := range []struct{ lang, text string }{
		{"ms", "Saya tak akan beli di tempat lain lagi, terbaik!"}, // I won't buy anywhere else again, the best!
		{"id", "Mantap, tidak akan beli di tempat lain lagi"},      // great, won't buy anywhere else again
		{"hy", "Այլևս չեմ անհանգստանում, շնորհակալություն"},        // I no longer worry, thank you
	} {
		r := a.Analyze(sentiment.Input{Text: c.text, LangHint: c.lang, Explain: true})
		if r.Complaint || r.Label == model.Negative {
			t.Errorf("%s %q: complaint=%v label=%s score=%v (%v)", c.lang, c.text, r.Complaint, r.Label, r.Score, firstPattern(r))
		}
	}
}

func firstPattern(r model.Analysis) string {
	for _, c := range r.Explain {
		if len(c.Rule) > 10 && c.Rule[:10] == "complaint:" {
			return fmt.Sprintf("%s %s %v", c.Token, c.Rule, c.Weight)
		}
	}
	return "no pattern"
}

func patterns(r model.Analysis) []string {
	var out []string
	for _, c := range r.Explain {
		if len(c.Rule) > 10 && c.Rule[:10] == "complaint:" {
			out = append(out, c.Token)
		}
	}
	return out
}

// "waiting for ? my" ends in an optional word: the match takes it, so "my
// refund" does not fire again inside the one complaint.
func TestOptionalTailSpan(t *testing.T) {
	a := mustAnalyzer(t)
	r := a.Analyze(sentiment.Input{Text: "I am waiting for my refund", LangHint: "en", Explain: true})
	if p := patterns(r); len(p) != 1 {
		t.Errorf("'waiting for my refund' is one complaint, got patterns %q", p)
	}
}

// Armenian negative concord holds for single words with their own չ-.
func TestArmenianConcordSingleWord(t *testing.T) {
	a := mustAnalyzer(t)
	for _, tx := range []string{
		"Հավելվածը երբեք չաշխատեց", // the app never worked
		"Երբեք չհաջողվեց",          // it never succeeded
	} {
		r := a.Analyze(sentiment.Input{Text: tx, LangHint: "hy", Explain: true})
		if r.Label != model.Negative {
			t.Errorf("%q = %s %v, want negative; explain %+v", tx, r.Label, r.Score, r.Explain)
		}
	}
}

// Armenian negative concord holds for complaint patterns starting with a
// negated auxiliary (չի, չեն, չեմ) after երբեք / ոչ մի.
func TestArmenianConcordPatterns(t *testing.T) {
	a := mustAnalyzer(t)
	for _, tx := range []string{
		"Փաթեթը երբեք չի հասել",    // the parcel never arrived
		"Երբեք չեն պատասխանում",    // they never answer
		"Երբեք չեմ ստացել պատվերս", // I never received my order
	} {
		r := a.Analyze(sentiment.Input{Text: tx, LangHint: "hy", Explain: true})
		if !r.Complaint {
			t.Errorf("%q: complaint=false, label %s score %v; explain %+v", tx, r.Label, r.Score, r.Explain)
		}
	}
}

// User aspects are numbered in sorted order: Aspects lists them the same way
// for every Analyzer built from the same Options.
func TestUserAspectsOrderDeterministic(t *testing.T) {
	opts := sentiment.Options{Aspects: map[string][]string{"loyalty": {"stamps"}, "parking": {"car park"}, "wifi": {"wifi"}}}
	seen := map[string]bool{}
	for range 20 {
		b, err := sentiment.New(opts)
		if err != nil {
			t.Fatal(err)
		}
		r := b.Analyze(sentiment.Input{Text: "The wifi was great, the car park was awful, the stamps are fine", LangHint: "en"})
		seen[fmt.Sprint(r.Aspects)] = true
	}
	if len(seen) > 1 {
		t.Errorf("one Options, one text, %d different Aspects lists: %v", len(seen), seen)
	}
}

// Two Options with different behaviour have different Versions.
func TestVersionCollision(t *testing.T) {
	x, _ := sentiment.New(sentiment.Options{Aspects: map[string][]string{"food": {"pizza,pasta"}}})
	y, _ := sentiment.New(sentiment.Options{Aspects: map[string][]string{"food": {"pizza", "pasta"}}})
	in := sentiment.Input{Text: "the pasta was great", LangHint: "en"}
	ax, ay := x.Analyze(in), y.Analyze(in)
	if x.Version() == y.Version() && fmt.Sprint(ax.Aspects) != fmt.Sprint(ay.Aspects) {
		t.Errorf("same Version %q, different results: %v vs %v", x.Version(), ax.Aspects, ay.Aspects)
	}
}
