package sentiment_test

import (
	"strings"
	"testing"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
)

// ruleWeight is the explained rule weight of token tok in text, 0 if absent.
func ruleWeight(t *testing.T, a *sentiment.Analyzer, text, lang, tok string) float64 {
	t.Helper()
	got := a.Analyze(sentiment.Input{Text: text, LangHint: lang, Explain: true})
	for _, c := range got.Explain {
		if c.Token == tok && !strings.HasPrefix(c.Rule, "model") {
			return c.Weight
		}
	}
	return 0
}

// Malay and Indonesian put most intensifiers after the word: "enak banget"
// is "very tasty", so the word before must weigh more than it does alone.
func TestPostPositionalBoosters(t *testing.T) {
	a := mustAnalyzer(t)
	for _, tc := range []struct{ lang, plain, boosted, word string }{
		{"id", "makanannya enak", "makanannya enak banget", "enak"},
		{"ms", "nasi lemak ni sedap", "nasi lemak ni sedap gila", "sedap"},
		{"ms", "produk ini bagus", "produk ini bagus sekali", "bagus"},
		{"ms", "baju ni cantik", "baju ni cantik sangat", "cantik"},
		{"id", "pelayanannya jelek", "pelayanannya jelek banget", "jelek"},
		{"id", "rasanya tidak enak", "rasanya tidak enak banget", "enak"},
	} {
		t.Run(tc.boosted, func(t *testing.T) {
			p := ruleWeight(t, a, tc.plain, tc.lang, tc.word)
			b := ruleWeight(t, a, tc.boosted, tc.lang, tc.word)
			if p == 0 || b*p <= 0 || abs(b) <= abs(p) {
				t.Errorf("weight of %q in %q = %v, in %q = %v; want the same sign and larger", tc.word, tc.boosted, b, tc.plain, p)
			}
		})
	}
}

// A post-positional booster reaches back within its clause only, and a
// booster that also works before a word ("sangat") is not used twice.
func TestPostBoosterStaysInItsClause(t *testing.T) {
	a := mustAnalyzer(t)
	for _, tc := range []struct{ lang, plain, other, word string }{
		{"id", "makanannya enak.", "makanannya enak. banget", "enak"},
		{"ms", "harga dia murah", "harga dia murah, sekali lagi", "murah"},
		{"ms", "sangat bagus", "sangat bagus sangat", "bagus"},
	} {
		t.Run(tc.other, func(t *testing.T) {
			p := ruleWeight(t, a, tc.plain, tc.lang, tc.word)
			o := ruleWeight(t, a, tc.other, tc.lang, tc.word)
			if tc.plain == "sangat bagus" {
				if o <= p {
					t.Errorf("weight of %q in %q = %v, want above %v (%q)", tc.word, tc.other, o, p, tc.plain)
				}
				return
			}
			if o != p {
				t.Errorf("weight of %q in %q = %v, want %v as in %q", tc.word, tc.other, o, p, tc.plain)
			}
		})
	}
}

// A short Malay/Indonesian text that langid calls English is scored with a
// lexicon of the same script that finds evidence; Lang stays langid's.
func TestNoEvidenceTriesACloseLanguage(t *testing.T) {
	a := mustAnalyzer(t)
	for _, tc := range []struct {
		text string
		want model.Label
	}{
		{"produk miskin.", model.Negative},
		{"puas hati", model.Positive},
		{"terbaik", model.Positive}, // "und": too short to name a language
	} {
		t.Run(tc.text, func(t *testing.T) {
			got := a.Analyze(sentiment.Input{Text: tc.text, Explain: true})
			if got.Label != tc.want || !got.Scored {
				t.Errorf("Analyze(%q) = %s (scored %v), want %s", tc.text, got.Label, got.Scored, tc.want)
			}
			if !hasRule(got, "lexicon: no evidence in ") {
				t.Errorf("Analyze(%q).Explain = %v, want the lexicon switch explained", tc.text, got.Explain)
			}
		})
	}
	// A declared language is trusted: no other lexicon is tried.
	if got := a.Analyze(sentiment.Input{Text: "produk miskin.", LangHint: "en"}); got.Label != model.Neutral {
		t.Errorf("Analyze(%q, hint en) = %s, want neutral", "produk miskin.", got.Label)
	}
	// English with evidence keeps its lexicon.
	if got := a.Analyze(sentiment.Input{Text: "great product", Explain: true}); hasRule(got, "lexicon: no evidence") {
		t.Errorf("Analyze(%q).Explain = %v, want no lexicon switch", "great product", got.Explain)
	}
}

func TestNoEvidenceFallbackAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under -race: sync.Pool drops items on purpose")
	}
	a := mustAnalyzer(t)
	var out model.Analysis
	in := sentiment.Input{Text: "produk miskin."}
	a.AnalyzeInto(in, &out)
	if n := testing.AllocsPerRun(200, func() { a.AnalyzeInto(in, &out) }); n > 0 {
		t.Errorf("AnalyzeInto(%q) allocates %v times, want 0", in.Text, n)
	}
}

func hasRule(got model.Analysis, prefix string) bool {
	for _, c := range got.Explain {
		if strings.HasPrefix(c.Rule, prefix) {
			return true
		}
	}
	return false
}

// Customers telling a brand where their bag is are complaining: a strong
// complaint with a negative score is negative, not neutral.
func TestStrongComplaintsAreNegative(t *testing.T) {
	a := mustAnalyzer(t)
	for _, text := range []string{
		"@AmericanAir where is my bag??? 3 hours at the carousel",
		"@Northwind still waiting for my refund, 3 weeks now",
		"@kedai order saya belum sampai lagi, dah 2 minggu tunggu",
	} {
		t.Run(text, func(t *testing.T) {
			got := a.Analyze(sentiment.Input{Text: text})
			if !got.Complaint || got.Label != model.Negative || got.Score >= 0 {
				t.Errorf("Analyze(%q) = %s %v complaint %v, want negative, score < 0, complaint", text, got.Label, got.Score, got.Complaint)
			}
		})
	}
}

// News-like text with no sentiment word is neutral with a score near 0, and
// a lukewarm verdict is not called negative on n-grams alone.
func TestNeutralTextScoresNearZero(t *testing.T) {
	a := mustAnalyzer(t)
	for _, text := range []string{
		"Northwind opens a new store in Penang next month.",
		"The shop is open from 9 to 5 on weekdays.",
	} {
		t.Run(text, func(t *testing.T) {
			got := a.Analyze(sentiment.Input{Text: text})
			if got.Label != model.Neutral || abs(got.Score) > 0.1 {
				t.Errorf("Analyze(%q) = %s %v, want neutral within 0.1 of 0", text, got.Label, got.Score)
			}
		})
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// "like" as a preposition or in a request carries no praise; the verb does.
func TestLikeIsPraiseOnlyAsAVerb(t *testing.T) {
	a := mustAnalyzer(t)
	for _, tc := range []struct {
		text string
		want float64 // the rule weight of "like", 0 when it is not scored
	}{
		{"I would like a refund for this order", 0},
		{"it looks like the parcel is lost", 0},
		{"feels like nobody reads these emails", 0},
	} {
		t.Run(tc.text, func(t *testing.T) {
			if got := ruleWeight(t, a, tc.text, "en", "like"); got != tc.want {
				t.Errorf("weight of %q in %q = %v, want %v", "like", tc.text, got, tc.want)
			}
		})
	}
	if got := ruleWeight(t, a, "I like this phone", "en", "like"); got <= 0 {
		t.Errorf("weight of %q in %q = %v, want > 0", "like", "I like this phone", got)
	}
}

// Critical-review words VADER lacks carry their sentiment.
func TestReviewVocabulary(t *testing.T) {
	a := mustAnalyzer(t)
	for _, tc := range []struct {
		text string
		want model.Label
	}{
		{"The plot is tedious, formulaic and utterly forgettable.", model.Negative},
		{"An underwhelming, lackluster sequel.", model.Negative},
		{"A riveting, masterful film with a captivating lead.", model.Positive},
	} {
		t.Run(tc.text, func(t *testing.T) {
			if got := score(t, a, tc.text); got.Label != tc.want {
				t.Errorf("Label(%q) = %s, want %s", tc.text, got.Label, tc.want)
			}
		})
	}
}

// English that langid gives, unsure, to a language without a lexicon
// ("Delicious food" called Danish) is scored with a same-script lexicon that
// finds evidence and reported in that language; the explanation keeps
// langid's guess. Text langid is sure of stays unscored.
func TestUnsureLanguageWithoutLexicon(t *testing.T) {
	a := mustAnalyzer(t)
	got := a.Analyze(sentiment.Input{Text: "Delicious food", Explain: true})
	if !got.Scored || got.Label != model.Positive || got.Lang != "en" || !hasRuleContaining(got, "langid unsure, scored with en") {
		t.Errorf("Analyze(%q) = lang %s scored %v %s %v, want scored positive as en, explained", "Delicious food", got.Lang, got.Scored, got.Label, got.Explain)
	}
	// Scored once, as English would be: the word weighs what it does with the hint.
	if w, hinted := ruleWeight(t, a, "Delicious food", "", "delicious"), ruleWeight(t, a, "Delicious food", "en", "delicious"); w != hinted {
		t.Errorf("weight of %q = %v, want %v as with LangHint en", "delicious", w, hinted)
	}
	for _, text := range []string{"Sehr schlecht, nie wieder", "El servicio es horrible"} {
		if got := a.Analyze(sentiment.Input{Text: text}); got.Scored {
			t.Errorf("Analyze(%q) = lang %s scored %v, want unscored", text, got.Lang, got.Scored)
		}
	}
}

// The unsure-language fallback stays on the zero-allocation path. (Named
// *Alloc* so that CI's run without -race checks it.)
func TestUnsureLanguageFallbackAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under -race: sync.Pool drops items on purpose")
	}
	a := mustAnalyzer(t)
	var out model.Analysis
	in := sentiment.Input{Text: "Delicious food"}
	a.AnalyzeInto(in, &out)
	if !out.Scored || out.Lang != "en" {
		t.Fatalf("AnalyzeInto(%q) = lang %s scored %v; want the fallback to score it as en", in.Text, out.Lang, out.Scored)
	}
	if n := testing.AllocsPerRun(100, func() { a.AnalyzeInto(in, &out) }); n > 0 {
		t.Errorf("AnalyzeInto(%q) allocates %v times, want 0", in.Text, n)
	}
}

func hasRuleContaining(a model.Analysis, part string) bool {
	for _, c := range a.Explain {
		if strings.Contains(c.Rule, part) {
			return true
		}
	}
	return false
}
