package query

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// runeClass says what a character does to the word it appears in.
type runeClass uint8

const (
	sep    runeClass = iota // ends the word: space, punctuation, symbols
	letter                  // part of the word: letters, digits, spacing marks
	skip                    // dropped without ending the word: diacritics, joiners
	slow                    // fold2 only: decomposes into several classes, take the slow path
)

// classify decides how r takes part in words. Combining marks are skipped so
// that "é" written as e + U+0301 folds like "é"; format characters (soft
// hyphen, zero-width joiners) are skipped because they are invisible inside
// words. Armenian writes its emphasis (՛), exclamation (՜), question (՞) and
// abbreviation (՟) marks over a letter inside the word ("ինչո՞ւ"), so they
// are skipped too rather than splitting the word in two.
func classify(r rune) runeClass {
	switch {
	case unicode.IsLetter(r), unicode.IsNumber(r), unicode.Is(unicode.Mc, r):
		return letter
	case unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r), unicode.Is(unicode.Cf, r):
		return skip
	case r == 0x055B, r == 0x055C, r == 0x055E, r == 0x055F:
		return skip
	}
	return sep
}

// appendFoldedRune appends the case-folded form of letter r. ToUpper first
// and then ToLower folds the variants that share a capital (final sigma,
// long s, Kelvin sign); the switch handles letters whose diacritic is not a
// combining mark and therefore survives decomposition.
func appendFoldedRune(dst []byte, r rune) []byte {
	r = unicode.ToLower(unicode.ToUpper(r))
	switch r {
	case 'ß':
		return append(dst, "ss"...)
	case 'ı':
		r = 'i'
	case 'ł':
		r = 'l'
	case 'ø':
		r = 'o'
	case 'đ', 'ð':
		r = 'd'
	case 'ħ':
		r = 'h'
	case 'ŧ':
		r = 't'
	case 'æ':
		return append(dst, "ae"...)
	case 'œ':
		return append(dst, "oe"...)
	case 'þ':
		return append(dst, "th"...)
	}
	return utf8.AppendRune(dst, r)
}

// span is one word of a folded text: buf[start:end].
type span struct{ start, end int32 }

// tokenizer folds a text into words: lowercase, compatibility-decomposed
// (NFKD: "ﬁ" is "fi", fullwidth "Ａ" is "a"), diacritics removed.
type tokenizer struct {
	buf    []byte
	words  []span
	inWord bool
	start  int
}

// run tokenises s, appending to t.buf and t.words.
func (t *tokenizer) run(s string) {
	tab := fold2()
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			t.ascii(c)
			i++
			continue
		}
		if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			e := &tab[(rune(c&0x1F)<<6|rune(s[i+1]&0x3F))-0x80]
			if e.class != slow {
				t.apply(e)
				i += 2
				continue
			}
		}
		i += t.decompose(s[i:])
	}
	t.end()
}

// decompose folds the first rune of s the slow way and returns its size.
// An invalid byte separates words and is otherwise ignored.
func (t *tokenizer) decompose(s string) int {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && size <= 1 {
		t.end()
		return max(size, 1)
	}
	dec := norm.NFKD.PropertiesString(s).Decomposition()
	if dec == nil {
		t.rune(r)
		return size
	}
	for _, dr := range string(dec) {
		t.rune(dr)
	}
	return size
}

// ascii is the fast path for the common case.
func (t *tokenizer) ascii(c byte) {
	f := asciiFold[c]
	if f == 0 {
		t.end()
		return
	}
	t.begin()
	t.buf = append(t.buf, f)
}

// asciiFold maps ASCII letters and digits to their folded byte, others to 0.
var asciiFold = func() (tab [utf8.RuneSelf]byte) {
	for c := range byte(utf8.RuneSelf) {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			tab[c] = c
		case 'A' <= c && c <= 'Z':
			tab[c] = c + 'a' - 'A'
		}
	}
	return tab
}()

// rune handles one decomposed non-ASCII character.
func (t *tokenizer) rune(r rune) {
	switch classify(r) {
	case letter:
		t.begin()
		t.buf = appendFoldedRune(t.buf, r)
	case sep:
		t.end()
	}
}

func (t *tokenizer) begin() {
	if !t.inWord {
		t.inWord = true
		t.start = len(t.buf)
	}
}

func (t *tokenizer) end() {
	if !t.inWord {
		return
	}
	t.inWord = false
	t.words = append(t.words, span{int32(t.start), int32(len(t.buf))})
}

// Words returns the folded words of s, as the matcher sees them. It is what
// `earshot check` and tests use to explain why a query did or did not match.
func Words(s string) []string {
	var t tokenizer
	t.run(s)
	out := make([]string, len(t.words))
	for i, w := range t.words {
		out[i] = string(t.buf[w.start:w.end])
	}
	return out
}
