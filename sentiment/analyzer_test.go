package sentiment_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
)

var (
	analyzerOnce sync.Once
	analyzerVal  *sentiment.Analyzer
	analyzerErr  error
)

// mustAnalyzer builds the default Analyzer once for all tests (loading is the slow part).
func mustAnalyzer(tb testing.TB) *sentiment.Analyzer {
	tb.Helper()
	analyzerOnce.Do(func() { analyzerVal, analyzerErr = sentiment.New(sentiment.Options{}) })
	if analyzerErr != nil {
		tb.Fatalf("New: %v", analyzerErr)
	}
	return analyzerVal
}

func score(tb testing.TB, a *sentiment.Analyzer, text string) model.Analysis {
	tb.Helper()
	return a.Analyze(sentiment.Input{Text: text, LangHint: "en"})
}

func TestNegationFlips(t *testing.T) {
	a := mustAnalyzer(t)
	for _, tc := range []struct{ plain, negated string }{
		{"The staff were helpful.", "The staff were not helpful."},
		{"This phone is good.", "This phone isn't good."},
		{"I was happy with the order.", "I was never happy with the order."},
	} {
		t.Run(tc.plain, func(t *testing.T) {
			p, n := score(t, a, tc.plain), score(t, a, tc.negated)
			if p.Label != model.Positive || n.Label != model.Negative {
				t.Errorf("Label(%q) = %s, Label(%q) = %s; want positive, negative", tc.plain, p.Label, tc.negated, n.Label)
			}
		})
	}
}

func TestContrastWeighsTheClauseAfter(t *testing.T) {
	a := mustAnalyzer(t)
	for _, tc := range []struct {
		text string
		want model.Label
	}{
		{"The food was great but the service was terrible.", model.Negative},
		{"The service was terrible but the food was great.", model.Positive},
	} {
		if got := score(t, a, tc.text); got.Label != tc.want {
			t.Errorf("Label(%q) = %s (score %v), want %s", tc.text, got.Label, got.Score, tc.want)
		}
	}
}

func TestComplaintWithoutSentimentWord(t *testing.T) {
	a := mustAnalyzer(t)
	for _, text := range []string{
		"My flight was delayed 3 hours",
		"still waiting for my refund",
		"on hold for 40 minutes",
		"they lost my bag",
		"cancelled again",
	} {
		t.Run(text, func(t *testing.T) {
			got := score(t, a, text)
			if got.Label != model.Negative || !got.Complaint {
				t.Errorf("Analyze(%q) = label %s complaint %v, want negative complaint", text, got.Label, got.Complaint)
			}
		})
	}
	// A negated complaint does not fire its pattern, and the negated word turns positive.
	got := a.Analyze(sentiment.Input{Text: "The flight was not delayed at all", LangHint: "en", Explain: true})
	for _, c := range got.Explain {
		if c.Rule == "complaint:delay" || c.Token == "delayed" && c.Weight <= 0 {
			t.Errorf("Explain(negated delay) has %+v, want no delay complaint and a positive negated word", c)
		}
	}
}

func TestAspectScoresPerClause(t *testing.T) {
	a := mustAnalyzer(t)
	got := score(t, a, "The staff were friendly and helpful, but the price is outrageous.")
	scores := map[string]float64{}
	for _, as := range got.Aspects {
		scores[as.Aspect] = as.Score
	}
	if scores["service"] <= 0 || scores["price"] >= 0 {
		t.Errorf("Aspects = %+v, want service > 0 and price < 0", got.Aspects)
	}
}

func TestRatingMismatch(t *testing.T) {
	a := mustAnalyzer(t)
	five, one := 5.0, 1.0
	for _, tc := range []struct {
		text     string
		rating   *float64
		mismatch bool
	}{
		{"Terrible product, it broke after one day and support was useless.", &five, true},
		{"Terrible product, it broke after one day and support was useless.", &one, false},
		{"Wonderful, works perfectly and arrived early. Love it!", &five, false},
		{"Wonderful, works perfectly and arrived early. Love it!", nil, false},
	} {
		got := a.Analyze(sentiment.Input{Text: tc.text, Rating: tc.rating})
		if got.RatingMismatch != tc.mismatch {
			t.Errorf("Analyze(%q, rating %v).RatingMismatch = %v, want %v", tc.text, tc.rating, got.RatingMismatch, tc.mismatch)
		}
	}
}

func TestUnscorableLanguage(t *testing.T) {
	a := mustAnalyzer(t)
	got := a.Analyze(sentiment.Input{Text: "Le service était vraiment excellent, je recommande ce restaurant à tous mes amis."})
	if got.Scored || got.Lang != "fr" || got.Label != model.Neutral {
		t.Errorf("Analyze(French) = lang %q scored %v label %s, want fr, unscored, neutral", got.Lang, got.Scored, got.Label)
	}
	if slices.Contains(a.Languages(), "fr") {
		t.Errorf("Languages() = %v, must not list fr", a.Languages())
	}
}

func TestExplainListsTheWordsThatMovedTheScore(t *testing.T) {
	a := mustAnalyzer(t)
	got := a.Analyze(sentiment.Input{Text: "The delivery was awful and the box was damaged", Explain: true})
	words := map[string]float64{}
	for _, c := range got.Explain {
		if c.Rule == "lexicon" {
			words[c.Token] = c.Weight
		}
	}
	if words["awful"] >= 0 || words["damaged"] >= 0 {
		t.Errorf("Explain = %+v, want negative lexicon weights for awful and damaged", got.Explain)
	}
	if plain := a.Analyze(sentiment.Input{Text: "The delivery was awful"}); plain.Explain != nil {
		t.Errorf("Explain without Input.Explain = %+v, want nil", plain.Explain)
	}
}

func TestUserTermsOverride(t *testing.T) {
	a, err := sentiment.New(sentiment.Options{Terms: map[string]map[string]float64{"en": {"sick": 3}},
		Aspects: map[string][]string{"battery": {"battery life"}}})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	got := a.Analyze(sentiment.Input{Text: "that trick was sick", LangHint: "en", Explain: true})
	if got.Score <= 0 {
		t.Errorf("Score(sick as praise) = %v, want > 0; explain %+v", got.Score, got.Explain)
	}
	if a.Version() == mustAnalyzer(t).Version() {
		t.Errorf("Version() with user terms = %q, want it to differ from the default", a.Version())
	}
	bat := a.Analyze(sentiment.Input{Text: "the battery life is great", LangHint: "en"})
	if len(bat.Aspects) == 0 || bat.Aspects[0].Aspect != "battery" {
		t.Errorf("Aspects = %+v, want the user aspect battery", bat.Aspects)
	}
	if _, err := sentiment.New(sentiment.Options{Terms: map[string]map[string]float64{"en": {"x": 9}}}); !errors.Is(err, sentiment.ErrLexiconFormat) {
		t.Errorf("New(valence 9) error = %v, want ErrLexiconFormat", err)
	}
	if _, err := sentiment.New(sentiment.Options{Terms: map[string]map[string]float64{"fr": {"top": 2}}}); !errors.Is(err, sentiment.ErrUnknownLanguage) {
		t.Errorf("New(terms for fr) error = %v, want ErrUnknownLanguage", err)
	}
}

func TestAnalyzeIntoAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under -race: sync.Pool drops items on purpose")
	}
	a := mustAnalyzer(t)
	var out model.Analysis
	in := sentiment.Input{Text: "The delivery was late but the staff were SO helpful!!! 😀 #happy"}
	a.AnalyzeInto(in, &out)
	if n := testing.AllocsPerRun(200, func() { a.AnalyzeInto(in, &out) }); n > 3 {
		t.Errorf("AnalyzeInto allocations = %v a text, want <= 3", n)
	}
}

func TestPraiseInAComplaintIsDiscounted(t *testing.T) {
	a := mustAnalyzer(t)
	text := "Great, my flight was delayed 3 hours again"
	got := a.Analyze(sentiment.Input{Text: text, LangHint: "en", Explain: true})
	if got.Label != model.Negative {
		t.Errorf("Label(%q) = %s, want negative", text, got.Label)
	}
	found := false
	for _, c := range got.Explain {
		if c.Token == "great" && strings.HasPrefix(c.Rule, "lexicon") {
			found = c.Rule == "lexicon+complaint-context" && c.Weight > 0 && c.Weight < 3.1
		}
	}
	if !found {
		t.Errorf("Explain(%q) = %+v, want great as lexicon+complaint-context, below its valence 3.1", text, got.Explain)
	}
}

func TestLangHint(t *testing.T) {
	a := mustAnalyzer(t)
	for _, tc := range []struct{ hint, text, want string }{
		{"en-US", "great service", "en"},
		{"EN", "great service", "en"},
		{"ms_MY", "servis sangat baik", "ms"},
		{"und", "The staff were friendly and the food was excellent.", "en"},
		{"", "Ես շատ գոհ եմ այս խանութից", "hy"},
	} {
		if got := a.Analyze(sentiment.Input{Text: tc.text, LangHint: tc.hint}); got.Lang != tc.want || !got.Scored {
			t.Errorf("Analyze(%q, hint %q) = lang %q scored %v, want %q scored", tc.text, tc.hint, got.Lang, got.Scored, tc.want)
		}
	}
}

func TestIdiomsOverrideTheirWords(t *testing.T) {
	a := mustAnalyzer(t)
	for _, tc := range []struct {
		text string
		want model.Label
	}{
		{"I can't recommend this enough!", model.Positive},
		{"Honestly, can't complain.", model.Positive},
		{"Shipping took forever.", model.Negative},
		{"Save your money.", model.Negative},
	} {
		if got := score(t, a, tc.text); got.Label != tc.want {
			t.Errorf("Label(%q) = %s (score %v), want %s", tc.text, got.Label, got.Score, tc.want)
		}
	}
}

// A customer who says they are leaving, or tells others to stay away, is a
// complaint even with no sentiment word; "wow" strengthens what follows
// instead of reading as praise.
func TestChurnIsAComplaint(t *testing.T) {
	a := mustAnalyzer(t)
	for _, c := range []struct{ lang, text string }{
		{"en", "I will never fly with you guys again"},
		{"en", "This is the last time I book through this site"},
		{"en", "Don't buy this kettle, save your money"},
		{"en", "You just lost a loyal customer"},
		{"ms", "Saya tak akan beli di kedai ini lagi"},
		{"id", "Pokoknya tidak akan pesan di sini lagi"},
		{"hy", "Այլևս երբեք այս խանութից"},
	} {
		t.Run(c.text, func(t *testing.T) {
			got := a.Analyze(sentiment.Input{Text: c.text, LangHint: c.lang, Explain: true})
			churn := slices.ContainsFunc(got.Explain, func(x model.Contribution) bool { return x.Rule == "complaint:churn" })
			if got.Label != model.Negative || !got.Complaint || !churn {
				t.Errorf("Analyze(%q) = %s complaint %v, churn rule %v; want a negative churn complaint", c.text, got.Label, got.Complaint, churn)
			}
		})
	}
	// Coming back is praise, not churn: the negator governs "kapok", not "kembali".
	got := a.Analyze(sentiment.Input{Text: "Tidak akan pernah kapok buat kembali lagi ke sini, makanannya enak", LangHint: "id", Explain: true})
	if got.Label != model.Positive || got.Complaint {
		t.Errorf("'never tired of coming back' = %s complaint %v, want positive, no complaint", got.Label, got.Complaint)
	}
	if got := score(t, a, "wow, awful customer service"); got.Label != model.Negative || got.Score > -0.3 {
		t.Errorf("'wow, awful customer service' = %s %.2f, want clearly negative", got.Label, got.Score)
	}
}

// Armenian glues negation onto the verb (չ-) and uses negative concord: a
// negator before an already negated word agrees with it. "Nobody liked it"
// is negative, while "not evil" (չար is a word of its own) still flips.
func TestArmenianNegativeConcord(t *testing.T) {
	a := mustAnalyzer(t)
	for _, c := range []struct {
		text string
		want model.Label
	}{
		{"Ոչ ոք չհավանեց", model.Negative},      // nobody liked (it)
		{"Երբեք չհավանեցի", model.Negative},     // I never liked (it)
		{"Ոչ մեկին դուր չեկավ", model.Negative}, // nobody liked it (phrase)
		{"Ոչ չար մարդ է", model.Positive},       // not an evil person
	} {
		got := a.Analyze(sentiment.Input{Text: c.text, LangHint: "hy"})
		if got.Label != c.want {
			t.Errorf("Analyze(%q) = %s %.2f, want %s", c.text, got.Label, got.Score, c.want)
		}
	}
}

// Where the rules decide the label (no n-grams for the language), the score
// agrees with it in sign.
func TestLabelAndScoreAgree(t *testing.T) {
	a := mustAnalyzer(t)
	for _, text := range []string{"Ոչ մեկին դուր չեկավ", "Շատ լավն է", "Վատ սպասարկում", "Ոչ չար մարդ է"} {
		got := a.Analyze(sentiment.Input{Text: text, LangHint: "hy"})
		if got.Label == model.Positive && got.Score < 0 || got.Label == model.Negative && got.Score > 0 {
			t.Errorf("Analyze(%q) = %s with score %.3f", text, got.Label, got.Score)
		}
	}
}
