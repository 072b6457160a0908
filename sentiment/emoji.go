package sentiment

import "unicode/utf8"

// isEmoji covers the pictographic blocks; modifiers and joiners are consumed
// by Analyzer.emoji after the base rune.
func isEmoji(r rune) bool {
	return r >= 0x1F300 && r <= 0x1FAFF || r >= 0x2600 && r <= 0x27BF ||
		r == 0x2B50 || r == 0x2B55 || r == 0x2764 || r >= 0x1F000 && r <= 0x1F2FF
}

// emoticon matches the whitespace-delimited chunk at text[i] (or its prefix
// before trailing punctuation) against the emoticon table.
func (a *Analyzer) emoticon(s *scratch, text string, i int) int {
	n := skipChunk(text, i)
	for n > 0 && n <= a.shared.maxEmo {
		if v, ok := a.shared.emoticons[text[i:i+n]]; ok {
			s.symbol(text[i:i+n], v)
			return n
		}
		if c := text[i+n-1]; c != '.' && c != '!' && c != ',' {
			break
		}
		n--
	}
	return 0
}

// emoji reads one emoji with its modifiers (skin tone, variation selector,
// zero-width-joined parts) and looks up the base rune.
func (a *Analyzer) emoji(s *scratch, text string, i int) int {
	_, size := utf8.DecodeRuneInString(text[i:])
	v := a.shared.emoji[text[i:i+size]]
	j := i + size
	for j < len(text) {
		m, msize := utf8.DecodeRuneInString(text[j:])
		if m == 0xFE0F || m >= 0x1F3FB && m <= 0x1F3FF || m == 0x2640 || m == 0x2642 {
			j += msize
			continue
		}
		if m == 0x200D && j+msize < len(text) {
			_, nsize := utf8.DecodeRuneInString(text[j+msize:])
			j += msize + nsize
			continue
		}
		break
	}
	s.symbol(text[i:j], v)
	return j - i
}

// symbol appends an emoji or emoticon token, copying its text into s.buf.
func (s *scratch) symbol(text string, v float32) {
	start := len(s.buf)
	s.buf = append(s.buf, text...)
	s.toks = append(s.toks, token{kind: tokEmoji, val: v, a: int32(start), b: int32(len(s.buf))})
}
