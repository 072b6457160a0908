package sentiment_test

import (
	"testing"

	"github.com/earshot/earshot/sentiment"
)

// Churn patterns that themselves name "elsewhere", or churn said together
// with "another"/"anyone"/"else", must stay churn complaints.
func TestChurnWithElsewhereIsStillChurn(t *testing.T) {
	a := mustAnalyzer(t)
	for _, tx := range []string{
		"I am taking my business elsewhere.",
		"They lost my business, I will take my business elsewhere",
		"Avoid at all costs and go elsewhere",
		"I will never order from them again and I tell anyone who asks",
		"I will never buy from this shop again, I found another one",
	} {
		r := a.Analyze(sentiment.Input{Text: tx, LangHint: "en", Explain: true})
		t.Logf("%q: complaint=%v label=%s score=%.2f (%v)", tx, r.Complaint, r.Label, r.Score, patterns(r))
		if !r.Complaint {
			t.Errorf("%q: churn not flagged as a complaint", tx)
		}
	}
}
