package sentiment_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
)

func TestBadInput(t *testing.T) {
	a := mustAnalyzer(t)
	huge := strings.Repeat("The delivery was late and the box was damaged. ", 1<<20/48+1)
	for _, tc := range []struct {
		name, text string
		scored     bool
		label      model.Label
	}{
		{"empty", "", false, model.Neutral},
		{"spaces", " \n\t ", false, model.Neutral},
		{"only emoji", "😡😡🤬", true, model.Negative},
		{"only emoticon", ":(", true, model.Negative},
		{"only urls and handles", "@united https://t.co/abc @delta www.example.com", false, model.Neutral},
		{"invalid utf-8", "terrible \xff\xfe\xfd service", true, model.Negative},
		{"mixed scripts", "Ես շատ գոհ եմ, the service was great 😀", true, model.Positive},
		{"right-to-left", "השירות היה נורא \u202e great \u202c", false, model.Neutral},
		{"1 MB", huge, true, model.Negative},
		{"nul bytes", "good\x00\x00 food", true, model.Positive},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := a.Analyze(sentiment.Input{Text: tc.text, Explain: true})
			if got.Scored != tc.scored || got.Label != tc.label {
				t.Errorf("Analyze(%.40q) = scored %v label %s, want %v %s", tc.text, got.Scored, got.Label, tc.scored, tc.label)
			}
			checkInvariants(t, tc.text, got)
		})
	}
}

func TestOddRatings(t *testing.T) {
	a := mustAnalyzer(t)
	for _, r := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), -7, 1e308} {
		got := a.Analyze(sentiment.Input{Text: "fine", Rating: &r})
		checkInvariants(t, fmt.Sprintf("fine (rating %v)", r), got)
	}
}

func TestHugeTextSaysItWasTruncated(t *testing.T) {
	a := mustAnalyzer(t)
	huge := strings.Repeat("good ", 1<<18)
	got := a.Analyze(sentiment.Input{Text: huge, Explain: true})
	if len(got.Explain) == 0 || !strings.HasPrefix(got.Explain[0].Rule, "truncated") {
		t.Errorf("Explain[0] of a 1 MB text = %+v, want a truncation note", got.Explain[:min(1, len(got.Explain))])
	}
}

// checkInvariants holds for every analysis, whatever the input.
func checkInvariants(t *testing.T, text string, got model.Analysis) {
	t.Helper()
	if math.IsNaN(got.Score) || got.Score < -1 || got.Score > 1 {
		t.Errorf("Analyze(%.40q).Score = %v, want in [-1, 1]", text, got.Score)
	}
	if got.Confidence < 0 || got.Confidence > 1 || math.IsNaN(got.Confidence) {
		t.Errorf("Analyze(%.40q).Confidence = %v, want in [0, 1]", text, got.Confidence)
	}
	if got.Label.Index() < 0 || got.Lang == "" || got.Version == "" {
		t.Errorf("Analyze(%.40q) = label %q lang %q version %q, want all set", text, got.Label, got.Lang, got.Version)
	}
	if !got.Scored && (got.Score != 0 || got.Label != model.Neutral) {
		t.Errorf("Analyze(%.40q) unscored with score %v label %s, want 0 neutral", text, got.Score, got.Label)
	}
	if got.Urgency < 0 || got.Urgency > 3 {
		t.Errorf("Analyze(%.40q).Urgency = %d, want 0..3", text, got.Urgency)
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range benchCorpus(f)[:40] {
		f.Add(s, "", 0.0)
	}
	f.Add("", "title only", 5.0)
	f.Add("rated", "", math.NaN())
	f.Add(":-) soooo gooood!!! ❤️👍🏽 but NOT great?", "", -1.0)
	f.Add("չլավ ոչ լավ", "Վերնագիր", 2.5)
	a := mustAnalyzer(f)
	f.Fuzz(func(t *testing.T, text, title string, rating float64) {
		in := sentiment.Input{Text: text, Title: title, Explain: true, Rating: &rating}
		checkInvariants(t, text, a.Analyze(in))
	})
}
