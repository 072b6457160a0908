package sentiment_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/earshot/earshot/sentiment"
)

// Every negator the Malay, Indonesian and Armenian lexicons ship turns a
// positive word negative (read from modifiers.tsv, so a negator that stops
// working, or a new one that never did, fails here), and negation lifts a
// negative word.
func TestNegatorsPerLanguage(t *testing.T) {
	a := mustAnalyzer(t)
	score := func(lang, text string) float64 {
		return a.Analyze(sentiment.Input{Text: text, LangHint: lang}).Score
	}
	for lang, good := range map[string]string{"ms": "bagus", "id": "bagus", "hy": "լավ"} {
		if p := score(lang, good); p <= 0 {
			t.Fatalf("%s %q = %.3f, want positive (the negations are judged against it)", lang, good, p)
		}
		f, err := os.Open(filepath.Join("lexicons", lang, "modifiers.tsv"))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Split(sc.Text(), "\t")
			if len(fields) < 2 || strings.HasPrefix(fields[0], "#") || fields[1] != "negator" {
				continue
			}
			n++
			if s := score(lang, fields[0]+" "+good); s >= 0 {
				t.Errorf("%s %q = %.3f, want negative: the negator %q does not negate", lang, fields[0]+" "+good, s, fields[0])
			}
		}
		f.Close()
		if n < 10 {
			t.Errorf("%s: only %d negators read from modifiers.tsv; the test is not reading the lexicon", lang, n)
		}
	}
	for _, tc := range []struct{ lang, text string }{
		{"ms", "servis ini tidak memuaskan"},
		{"id", "makanannya ga enak"},
		{"hy", "Սենյակը մաքուր չէր"}, // the verb's own չ-
	} {
		if s := score(tc.lang, tc.text); s >= 0 {
			t.Errorf("%s %q = %.3f, want negative", tc.lang, tc.text, s)
		}
	}
	for _, tc := range []struct{ lang, word, negated string }{
		{"ms", "teruk", "tidak teruk"},
		{"id", "jelek", "tidak jelek"},
		{"hy", "վատ", "վատ չէ"},
	} {
		if w, n := score(tc.lang, tc.word), score(tc.lang, tc.negated); w >= 0 || n <= w {
			t.Errorf("%s %q = %.3f, %q = %.3f; want a negative word, lifted by its negation", tc.lang, tc.word, w, tc.negated, n)
		}
	}
}
