package sentiment_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/earshot/earshot/sentiment"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestExplainGolden pins the explanation of a few English texts (their
// lexicon lives here; ms/id/hy lexicons change under their own tests). It
// changes with the en lexicon or the weights: review the diff, then -update.
func TestExplainGolden(t *testing.T) {
	a := mustAnalyzer(t)
	var b bytes.Buffer
	for _, text := range []string{
		"The food was great but the service was NOT good!!",
		"My flight was delayed 3 hours and still no refund 😡",
		"Not bad at all, the staff were SOOO helpful :)",
		"Still waiting for my refund, this is URGENT. Going to sue.",
	} {
		an := a.Analyze(sentiment.Input{Text: text, Explain: true})
		an.Version = ""
		line, err := json.Marshal(an)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s\n%s\n\n", text, line)
	}
	const golden = "testdata/explain.golden"
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read %s (run with -update to create): %v", golden, err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("explanations differ from %s:\ngot:\n%s\nwant:\n%s", golden, b.Bytes(), want)
	}
}
