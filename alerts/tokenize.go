package alerts

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// stopwords are left out of top terms: English and Malay function words and
// the noise of social posts. Read-only.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		the and for are but not you your yours with this that these those was were have has had
		they them their there then than what when where which who whom why how all any both each
		few more most other some such only own same too very can will just don should now from
		into out over under again further once here about above below after before between
		through during off our ours ourselves its itself his her hers him she he himself herself
		would could been being does did doing also get got one two like really even still
		http https www com amp rt via yang dan ini itu untuk dengan tidak ada saya kami kita
		mereka dia akan pada dari sudah juga atau lagi boleh nak tak dah kat pun
	`) {
		m[w] = true
	}
	return m
}()

// terms returns the distinct terms of text worth showing: lowercased words of
// three or more letters, not stopwords, not numbers, not in skip.
func terms(text string, skip map[string]bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	}) {
		w = strings.Trim(w, "'")
		if utf8.RuneCountInString(w) < 3 || stopwords[w] || skip[w] || seen[w] || !hasLetter(w) {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

func hasLetter(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// truncate cuts s to at most n runes, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:max(n-1, 0)])) + "…"
}
