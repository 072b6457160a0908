package langid

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxScan bounds the work per text: a few kilobytes decide a language as
// well as a megabyte does.
const maxScan = 3 << 10

// state is everything one Detect call accumulates. It lives on the stack.
type state struct {
	score  [maxLangs]int32   // evidence per language, in 1/weightScale
	count  [numScripts]int32 // letters per script, weighted by weightOf
	p2, p1 rune              // last two characters of the trigram stream; ' ' is a boundary
	hash   uint64            // FNV-1a of the current word so far
	wlen   int               // runes in the current word
	tail   uint64            // last three runes of the word, packed as by trigramKey
	hashes [4]uint64         // hash after each of the last runes, by wlen%4, to look up a stem
	grams  bool              // second pass: score trigrams instead of words and letters
	seen   [seenWords]uint64 // Bloom-style bitset of features already scored
}

// scan feeds text, minus handles, hashtags, URLs and e-mail addresses, to st:
// its words, letters and scripts, or with st.grams set its trigrams.
func (d *Detector) scan(text string, st *state) {
	if len(text) > maxScan {
		text = text[:maxScan] // a rune cut in half decodes as RuneError, a separator
	}
	st.p2, st.p1, st.hash = ' ', ' ', fnvOffset
	for i := 0; i < len(text); {
		if byteClass[text[i]] == bcSpace {
			d.softBreak(st)
			i++
			continue
		}
		j, marks := i, uint8(0)
		for ; j < len(text) && byteClass[text[j]] != bcSpace; j++ {
			marks |= byteClass[text[j]]
		}
		if chunk := text[i:j]; (marks&bcMarkup != 0 || chunk[0]|0x20 == 'w') && skipChunk(chunk) {
			d.hardBreak(st)
		} else {
			d.scanChunk(chunk, st)
		}
		i = j
	}
	d.softBreak(st)
}

// Byte classes: ASCII whitespace separates chunks, a chunk without a markup
// byte (or a leading w) cannot be skipped, and ASCII letters take the fast path.
const (
	bcSpace  = 1
	bcMarkup = 2
	bcLetter = 4
)

// byteClass is a read-only table: one load per byte instead of a chain of compares.
var byteClass = [256]uint8{
	' ': bcSpace, '\n': bcSpace, '\t': bcSpace, '\r': bcSpace, '\f': bcSpace, '\v': bcSpace,
	'@': bcMarkup, '#': bcMarkup, '/': bcMarkup, ':': bcMarkup,
	'A': bcLetter, 'B': bcLetter, 'C': bcLetter, 'D': bcLetter, 'E': bcLetter, 'F': bcLetter, 'G': bcLetter,
	'H': bcLetter, 'I': bcLetter, 'J': bcLetter, 'K': bcLetter, 'L': bcLetter, 'M': bcLetter, 'N': bcLetter,
	'O': bcLetter, 'P': bcLetter, 'Q': bcLetter, 'R': bcLetter, 'S': bcLetter, 'T': bcLetter, 'U': bcLetter,
	'V': bcLetter, 'W': bcLetter, 'X': bcLetter, 'Y': bcLetter, 'Z': bcLetter,
	'a': bcLetter, 'b': bcLetter, 'c': bcLetter, 'd': bcLetter, 'e': bcLetter, 'f': bcLetter, 'g': bcLetter,
	'h': bcLetter, 'i': bcLetter, 'j': bcLetter, 'k': bcLetter, 'l': bcLetter, 'm': bcLetter, 'n': bcLetter,
	'o': bcLetter, 'p': bcLetter, 'q': bcLetter, 'r': bcLetter, 's': bcLetter, 't': bcLetter, 'u': bcLetter,
	'v': bcLetter, 'w': bcLetter, 'x': bcLetter, 'y': bcLetter, 'z': bcLetter,
}

// skipChunk reports whether a whitespace-delimited chunk is markup rather
// than language: @handles, #hashtags (mostly brand names and run-together
// words), URLs and e-mail addresses.
func skipChunk(c string) bool {
	switch {
	case c[0] == '@' || c[0] == '#':
		return true
	case strings.IndexByte(c, '@') >= 0: // e-mail, or a handle after punctuation
		return true
	case strings.Contains(c, "://") || hasPrefixFold(c, "www."):
		return true
	case strings.IndexByte(c, '/') >= 0 && strings.IndexByte(c, '.') >= 0: // t.co/x, example.com/page
		return true
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// scanChunk reads the letters of one chunk; any other character breaks words.
func (d *Detector) scanChunk(c string, st *state) {
	for k := 0; k < len(c); {
		b := c[k]
		if b < utf8.RuneSelf {
			k++
			switch {
			case byteClass[b] == bcLetter && st.grams:
				d.push(rune(b|0x20), st) // |0x20 lowercases an ASCII letter
			case byteClass[b] == bcLetter:
				st.asciiLetter(b | 0x20)
			case b == '\'' && inWord(st) && k < len(c) && isLetterAt(c, k):
				st.hash = hashRune(st.hash, '\'') // keeps "don't", "c'est" whole for the word lists
				st.p2, st.p1 = ' ', ' '
			case b == '&':
				k += entityLen(c[k:])
				d.hardBreak(st)
			default:
				d.hardBreak(st)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(c[k:])
		k += size
		info := d.runeInfo(r)
		switch {
		case r == '’' && inWord(st) && k < len(c) && isLetterAt(c, k):
			st.hash = hashRune(st.hash, '\'')
			st.p2, st.p1 = ' ', ' '
		case info&riLetter == 0:
			d.hardBreak(st)
		case info&riCased != 0:
			d.letter(unicode.ToLower(r), script(info&riScript), st)
		default:
			d.letter(r, script(info&riScript), st)
		}
	}
}

// inWord reports whether the scan is inside a word, in either pass.
func inWord(st *state) bool {
	return st.wlen > 0 || (st.grams && st.p1 != ' ')
}

func isLetterAt(s string, k int) bool {
	r, _ := utf8.DecodeRuneInString(s[k:])
	return unicode.IsLetter(r)
}

// entityLen returns the length of an HTML entity such as "amp;" after '&'
// (feeds and tweets arrive escaped), or 0.
func entityLen(s string) int {
	for i := 0; i < len(s) && i < 8; i++ {
		c := s[i]
		switch {
		case c == ';':
			return i + 1
		case c == '#' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9'):
		default:
			return 0
		}
	}
	return 0
}

// letter records one lowercased letter or mark.
func (d *Detector) letter(r rune, s script, st *state) {
	if !ngramScript(s) {
		if !st.grams {
			st.count[s] += weightOf(s)
		}
		d.hardBreak(st) // CJK and single-language scripts are decided by counting alone
		return
	}
	if st.grams {
		d.push(r, st)
		return
	}
	st.count[s]++
	d.add(st, d.letters.lookup(mix(uint64(r))))
	st.hash = hashRune(st.hash, r)
	st.wordLetter(r)
}

// asciiLetter is letter's first pass for a lowercase ASCII letter, the
// common case, kept small enough to be inlined.
func (st *state) asciiLetter(b byte) {
	st.count[scLatin]++
	st.hash = (st.hash ^ uint64(b)) * fnvPrime // hashRune for one byte
	st.wordLetter(rune(b))
}

// wordLetter extends the current word by r, whose hash is already folded in.
func (st *state) wordLetter(r rune) {
	st.wlen++
	st.hashes[st.wlen&3] = st.hash
	st.tail = (st.tail<<21 | uint64(r)) & (1<<63 - 1)
}

// ngramScript reports whether letters of s feed trigrams and word lookups.
// scNone covers combining marks outside any script block (Vietnamese in NFD).
func ngramScript(s script) bool {
	return s == scLatin || s == scCyrillic || s == scArabic || s == scDevanagari || s == scNone
}

// push appends r to the trigram stream and scores the trigram it completes.
// Like the profiles' source, it skips trigrams that are only a boundary
// around one character ("  a", "a  ").
func (d *Detector) push(r rune, st *state) {
	if st.p1 != ' ' || (st.p2 != ' ' && r != ' ') {
		h := mix(trigramKey(st.p2, st.p1, r))
		if ps := d.trigrams.lookup(h); ps != nil && st.first(h) {
			d.add(st, ps)
		}
	}
	st.p2, st.p1 = st.p1, r
}

// softBreak ends a word at whitespace: the next word still forms trigrams
// across the space, as in the profiles.
func (d *Detector) softBreak(st *state) {
	if st.wlen != 0 || (st.grams && st.p1 != ' ') { // small enough to inline: most calls have nothing to end
		d.endWord(st)
	}
}

// endWord scores the word just ended, or in the trigram pass the trigram
// that ends with the space after it.
func (d *Detector) endWord(st *state) {
	if st.grams {
		d.push(' ', st)
		return
	}
	h := mix(st.hash)
	ps := d.words.lookup(h)
	if ps == nil && st.wlen > 5 && st.tail == nyaSuffix {
		h = mix(st.hashes[(st.wlen-3)&3])
		ps = d.words.lookup(h)
	}
	if ps != nil && st.first(h) {
		d.add(st, ps)
	}
	st.hash, st.wlen = fnvOffset, 0
}

// nyaSuffix is the enclitic "-nya" (its, the) of Malay and Indonesian; a
// listed word with it attached ("kualitinya", "pelayanannya") counts as the word.
const nyaSuffix = uint64('n')<<42 | uint64('y')<<21 | uint64('a')

// hardBreak ends a word at punctuation, digits, emoji or skipped markup: no
// trigram spans it.
func (d *Detector) hardBreak(st *state) {
	d.softBreak(st)
	st.p2, st.p1 = ' ', ' '
}

// seenWords sizes state.seen: 4096 bits keep false "already seen" answers
// rare for the few hundred features of a post.
const seenWords = 64

// first reports whether the feature whose mix is h is scored for the first
// time in this text, and marks it. A feature counts once: "SPAM SPAM SPAM" or a repeated hashtag
// chant says no more about the language than one occurrence does.
func (st *state) first(h uint64) bool {
	h >>= 40 // bits the table index does not use
	h &= seenWords*64 - 1
	bit := uint64(1) << (h & 63)
	if st.seen[h>>6]&bit != 0 {
		return false
	}
	st.seen[h>>6] |= bit
	return true
}

func (d *Detector) add(st *state, ps []posting) {
	for _, p := range ps {
		st.score[p.lang&(maxLangs-1)] += int32(p.w) // the mask drops a bounds check; load keeps lang < maxLangs
	}
}
