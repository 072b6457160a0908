package sentiment

import (
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tokWord  tokKind = iota
	tokEmoji         // an emoji or emoticon; val holds its valence
	tokPunct         // a clause or sentence boundary; p holds the mark
)

// token is one word, emoji or boundary. w points into scratch.buf (or, after
// slang normalisation, into a lexicon table) and is never modified.
type token struct {
	w     []byte
	a, b  int32 // w's span in scratch.buf, resolved to w after tokenizing
	val   float32
	kind  tokKind
	p     byte // '.', ',', '!', '?' for tokPunct
	caps  bool // written in capitals (two letters or more)
	elong bool // had a letter repeated three times or more ("soooo")
	num   bool // starts with a digit
}

// maxTokenBytes bounds one word: longer runs are kept but never match.
const maxTokenBytes = 64

// tokenize appends the tokens of text to s.toks, lower-casing words into
// s.buf. It never fails: invalid UTF-8 and unknown symbols act as spaces.
func (a *Analyzer) tokenize(s *scratch, text string) {
	boundary := true // at the start of a whitespace-delimited chunk
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			n, ok := a.asciiToken(s, text, i, boundary)
			boundary = ok
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError:
			boundary = true
		case isWordRune(r):
			i += s.word(text, i)
			boundary = false
			continue
		case isEmoji(r):
			i += a.emoji(s, text, i)
			boundary = true
			continue
		default:
			if p := runePunct(r); p != 0 {
				s.punct(p)
			}
			boundary = unicode.IsSpace(r)
		}
		i += size
	}
}

// asciiToken handles one ASCII byte position: it returns how many bytes it
// consumed and whether the next position starts a new chunk.
func (a *Analyzer) asciiToken(s *scratch, text string, i int, boundary bool) (int, bool) {
	c := text[i]
	if boundary && a.shared.emoFirst[c] {
		if n := a.emoticon(s, text, i); n > 0 {
			return n, false
		}
	}
	switch {
	case c == ' ' || c == '\t' || c == '\r':
		return 1, true
	case c == '\n':
		s.punct('.')
		return 1, true
	case isASCIIWord(c):
		if boundary && (hasPrefix(text[i:], "http://") || hasPrefix(text[i:], "https://") || hasPrefix(text[i:], "www.")) {
			return skipChunk(text, i), true
		}
		return s.word(text, i), false
	case c == '@' && boundary:
		return skipChunk(text, i), true // @handles carry no sentiment
	case c == '!' || c == '?' || c == '.' || c == ',' || c == ';' || c == ':':
		s.punct(c)
	}
	return 1, c == '#' || c == '"' || c == '(' || c == '\'' || c == '*' || boundary && c == '-'
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

// skipChunk returns the length of the whitespace-free run at text[i:].
func skipChunk(text string, i int) int {
	j := i
	for j < len(text) && text[j] != ' ' && text[j] != '\n' && text[j] != '\t' {
		j++
	}
	return j - i
}

func isASCIIWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isWordRune reports whether r starts a word. Armenian letters are tested
// first, by range: the punctuation between them (՝ ՚ ՟) is not a letter.
func isWordRune(r rune) bool {
	return r >= 0x531 && r <= 0x556 || r >= 0x561 && r <= 0x587 || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// runePunct maps non-ASCII punctuation (Armenian full stop and marks, the
// ellipsis, full-width and inverted marks) to the ASCII boundary it means.
func runePunct(r rune) byte {
	switch r {
	case 0x0589, 0x2026, 0x3002, 0x06D4: // ։ … 。 ۔
		return '.'
	case 0x055E, 0xFF1F, 0x00BF, 0x061F: // ՞ ？ ¿ ؟
		return '?'
	case 0x055C, 0xFF01, 0x00A1: // ՜ ！ ¡
		return '!'
	case 0x060C, 0xFF0C, 0x3001, 0x055D: // ، ， 、 ՝ (the Armenian comma)
		return ','
	}
	return 0
}

// word lower-cases one word starting at text[i] into s.buf, folding letters
// repeated three or more times to two, and returns the bytes consumed.
func (s *scratch) word(text string, i int) int {
	w := wordState{start: len(s.buf)}
	j := i
	for j < len(text) {
		var n int
		c := text[j]
		if c >= 'a' && c <= 'z' && rune(c) != w.last && len(s.buf)-w.start < maxTokenBytes {
			// The common case, inline: a new lower-case ASCII letter.
			s.buf = append(s.buf, c)
			w.last, w.run = rune(c), 1
			w.letters++
			j++
			continue
		}
		if c < utf8.RuneSelf {
			n = w.ascii(s, text, i, j)
		} else {
			n = w.other(s, text, j)
		}
		if n == 0 {
			break
		}
		j += n
	}
	if j == i { // a rune that cannot start a word: skip it whole, no empty token
		_, n := utf8.DecodeRuneInString(text[i:])
		return max(n, 1)
	}
	t := token{kind: tokWord, a: int32(w.start), b: int32(len(s.buf)), elong: w.elong}
	t.caps = w.letters >= 2 && w.upper == w.letters
	t.num = text[i] >= '0' && text[i] <= '9'
	s.toks = append(s.toks, t)
	if t.caps {
		s.capsWords++
	}
	s.words++
	return max(j-i, 1)
}

// wordState carries one word's letter counts and elongation run.
type wordState struct {
	start          int
	last           rune
	run            int
	letters, upper int
	elong          bool
}

// ascii consumes the ASCII byte at text[j] (the fast path); 0 ends the word.
func (w *wordState) ascii(s *scratch, text string, i, j int) int {
	c := text[j]
	switch {
	case c >= 'a' && c <= 'z':
		w.letters++
	case c >= 'A' && c <= 'Z':
		w.letters++
		w.upper++
		c += 'a' - 'A'
	case c >= '0' && c <= '9':
		w.last, w.run = 0, 0
		w.put(s, rune(c))
		return 1
	case (c == '\'' || c == '-') && j > i && j+1 < len(text) && isASCIIWord(text[j+1]):
		w.last, w.run = 0, 0
		w.put(s, rune(c))
		return 1
	default:
		return 0
	}
	w.letter(s, rune(c))
	return 1
}

// other consumes one non-ASCII rune at text[j]; 0 ends the word.
func (w *wordState) other(s *scratch, text string, j int) int {
	r, size := utf8.DecodeRuneInString(text[j:])
	switch {
	case r == 0x2019 && j+size < len(text) && isASCIIWord(text[j+size]) && len(s.buf) > w.start:
		w.put(s, '\'')
		return size
	case r == 0x055E || r == 0x055C || r == 0x055B: // Armenian marks sit inside words
		s.marks(r)
		return size
	case r >= 0x531 && r <= 0x556: // Armenian capitals: skip the case tables
		w.letters++
		w.upper++
		w.letter(s, r+0x30)
		return size
	case r >= 0x561 && r <= 0x587:
		w.letters++
		w.letter(s, r)
		return size
	case unicode.IsLetter(r):
		w.letters++
		if lr := unicode.ToLower(r); lr != r {
			w.upper++
			r = lr
		}
		w.letter(s, r)
		return size
	case r == utf8.RuneError || !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r):
		return 0
	}
	w.put(s, r)
	return size
}

// letter writes a lower-case letter unless it is the third in a row.
func (w *wordState) letter(s *scratch, r rune) {
	if r == w.last {
		w.run++
		if w.run >= 3 {
			w.elong = true
			return
		}
	} else {
		w.last, w.run = r, 1
	}
	w.put(s, r)
}

func (w *wordState) put(s *scratch, r rune) {
	if len(s.buf)-w.start >= maxTokenBytes {
		return
	}
	if r < utf8.RuneSelf {
		s.buf = append(s.buf, byte(r))
		return
	}
	s.buf = utf8.AppendRune(s.buf, r)
}

func (s *scratch) marks(r rune) {
	switch r {
	case 0x055E:
		s.questions++
	case 0x055C:
		s.exclaims++
	}
}

// punct records a boundary, collapsing runs ("!!!" is one token, three marks).
func (s *scratch) punct(p byte) {
	switch p {
	case '!':
		s.exclaims++
	case '?':
		s.questions++
	}
	if n := len(s.toks); n > 0 && s.toks[n-1].kind == tokPunct && s.toks[n-1].p == p {
		return
	}
	s.toks = append(s.toks, token{kind: tokPunct, p: p})
}
