package sentiment

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

//go:embed lexicons
var lexiconFS embed.FS

// sharedDir holds tables that apply to every language (emoji, emoticons);
// every other directory under lexicons/ is a language.
const sharedDir = "emoji"

type modKind uint8

const (
	modNone modKind = iota
	modNegator
	modBooster
	modContrast
)

// term is everything a language knows about one word or multiword phrase.
type term struct {
	val    float32 // valence, -4..4, when hasVal
	modVal float32 // booster scalar or contrast weight
	// postVal is the scalar of a post-positional booster, which strengthens
	// the word before it (ms/id "enak banget", "sedap gila"); a word may be
	// both kinds (ms "sangat bagus" and "bagus sangat").
	postVal float32
	aspects uint16 // bitmask over Analyzer.aspects.names
	canon   []byte // slang: the canonical spelling to look up instead
	hasVal  bool
	kind    modKind
	pat     uint8 // patFirst* bits: a complaint or urgency pattern starts here
	// multi is the most words of any phrase starting with this word (0: none),
	// so the scorer only builds phrase keys where one can match.
	multi uint8
	// selfNeg marks a word or phrase that carries its own negation where the
	// language glues it on (hy "չհավանեցի", "դուր չեկավ"): a negator before
	// it agrees with it rather than flipping it back ("Ոչ ոք չհավանեց",
	// "nobody liked it", is negative concord, not a double negative).
	selfNeg bool
}

// lexicon is one language's tables, read-only after New.
type lexicon struct {
	lang        string
	script      string // ISO 15924 code of its words, see lexiconScript
	terms       map[string]term
	negPrefixes []string
	complaints  patternSet
	urgency     patternSet
}

func newLexicon(lang string) *lexicon {
	return &lexicon{lang: lang, terms: map[string]term{}}
}

// set applies fn to the term stored under key, recording multiword lengths on
// the first word so lookups know when to try a phrase.
func (l *lexicon) set(key string, fn func(*term)) {
	t := l.terms[key]
	fn(&t)
	l.terms[key] = t
	words := strings.Fields(key)
	if len(words) > 1 {
		f := l.terms[words[0]]
		f.multi = max(f.multi, uint8(min(len(words), 255)))
		l.terms[words[0]] = f
	}
}

// readTSV calls fn with the columns of each non-comment, non-blank line,
// after checking it has exactly cols columns.
func readTSV(fsys fs.FS, name string, cols int, fn func(f []string) error) error {
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		cells := strings.Split(line, "\t")
		if len(cells) != cols {
			return fmt.Errorf("%s:%d: %d columns, want %d: %w", name, n, len(cells), cols, ErrLexiconFormat)
		}
		if err := fn(cells); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	return sc.Err()
}

func parseFloat(s string) (float32, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 32)
	if err != nil {
		return 0, fmt.Errorf("value %q: %w", s, ErrLexiconFormat)
	}
	return float32(v), nil
}

// normTerm lowercases and collapses spaces so lookups match the tokenizer.
func normTerm(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// loadLanguage reads every known file of one language directory; a missing
// file is fine (a language may have only a valence list), an unknown one is not.
func loadLanguage(fsys fs.FS, dir string, a *aspectIndex) (*lexicon, error) {
	l := newLexicon(path.Base(dir))
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if err := l.loadFile(fsys, path.Join(dir, e.Name()), a); err != nil {
			return nil, err
		}
	}
	l.markPatterns()
	l.markSelfNegated()
	return l, nil
}

// markSelfNegated flags the phrases of a language with negating prefixes
// that contain a negated word: one with the prefix that is not a word of
// its own ("չեմ", "չեկավ", but not "չար", evil).
func (l *lexicon) markSelfNegated() {
	if len(l.negPrefixes) == 0 {
		return
	}
	for key, t := range l.terms {
		switch {
		case !strings.Contains(key, " "):
			// A word listed with its prefix ("չաշխատեց", the stem a word of
			// its own) or a negated auxiliary that negates ("չի", "չեմ").
			if t.hasVal && l.prefixedTerm(key) || t.kind == modNegator && l.hasNegPrefix(key) {
				t.selfNeg = true
				l.terms[key] = t
			}
		case t.hasVal:
			for _, w := range strings.Fields(key) {
				if l.negatedWord(w) {
					t.selfNeg = true
					l.terms[key] = t
					break
				}
			}
		}
	}
}

// hasNegPrefix reports whether w starts with a negating prefix and goes on.
func (l *lexicon) hasNegPrefix(w string) bool {
	for _, p := range l.negPrefixes {
		if len(w) > len(p) && strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// prefixedTerm reports whether w is a negating prefix on a word the lexicon
// knows ("չ" + "հաջողվեց"), unlike "չար" (evil), whose rest is no word.
func (l *lexicon) prefixedTerm(w string) bool {
	for _, p := range l.negPrefixes {
		if len(w) > len(p) && strings.HasPrefix(w, p) {
			if rest, ok := l.terms[w[len(p):]]; ok && rest.hasVal {
				return true
			}
		}
	}
	return false
}

// negatedWord reports whether w is a negating prefix glued to a word.
func (l *lexicon) negatedWord(w string) bool {
	for _, p := range l.negPrefixes {
		if len(w) > len(p) && strings.HasPrefix(w, p) && !l.terms[w].hasVal {
			return true
		}
	}
	return false
}

func (l *lexicon) loadFile(fsys fs.FS, name string, a *aspectIndex) error {
	switch path.Base(name) {
	case "valence.tsv":
		return readTSV(fsys, name, 2, l.addValence)
	case "modifiers.tsv":
		return readTSV(fsys, name, 3, l.addModifier)
	case "complaints.tsv":
		return readTSV(fsys, name, 3, func(f []string) error { return l.complaints.add(f[0], f[1], f[2]) })
	case "urgency.tsv":
		return readTSV(fsys, name, 2, func(f []string) error { return l.urgency.add(f[0], "urgency", f[1]) })
	case "aspects.tsv":
		return readTSV(fsys, name, 2, func(f []string) error { return l.addAspect(a, f[0], f[1]) })
	case "slang.tsv":
		return readTSV(fsys, name, 2, func(f []string) error {
			canon := []byte(normTerm(f[1]))
			l.set(normTerm(f[0]), func(t *term) { t.canon = canon })
			return nil
		})
	case "SOURCE.md", "README.md", "LICENSE":
		return nil
	}
	return fmt.Errorf("%s: unknown lexicon file: %w", name, ErrLexiconFormat)
}

func (l *lexicon) addValence(f []string) error {
	v, err := parseFloat(f[1])
	if err != nil {
		return err
	}
	if v < -4 || v > 4 {
		return fmt.Errorf("valence %v outside -4..4: %w", v, ErrLexiconFormat)
	}
	l.set(normTerm(f[0]), func(t *term) { t.val, t.hasVal = v, true })
	return nil
}

func (l *lexicon) addModifier(f []string) error {
	v, err := parseFloat(f[2])
	if err != nil {
		return err
	}
	key := normTerm(f[0])
	switch f[1] {
	case "negator":
		l.set(key, func(t *term) { t.kind = modNegator })
	case "negprefix":
		l.negPrefixes = append(l.negPrefixes, key)
	case "booster":
		l.set(key, func(t *term) { t.kind, t.modVal = modBooster, v })
	case "postbooster":
		l.set(key, func(t *term) { t.postVal = v })
	case "contrast":
		l.set(key, func(t *term) { t.kind, t.modVal = modContrast, v })
	case "concord":
		// A word that carries its own negation where its stem is no word of
		// the lexicon (hy "չաշխատեց", "didn't work"): a negator before it
		// agrees with it rather than flipping it back.
		l.set(key, func(t *term) { t.selfNeg = true })
	default:
		return fmt.Errorf("modifier kind %q: %w", f[1], ErrLexiconFormat)
	}
	return nil
}

func (l *lexicon) addAspect(a *aspectIndex, aspect, keyword string) error {
	bit, err := a.bit(aspect)
	if err != nil {
		return err
	}
	l.set(normTerm(keyword), func(t *term) { t.aspects |= bit })
	return nil
}

// aspectIndex numbers aspect names across languages (at most 16, a bitmask).
type aspectIndex struct{ names []string }

func (a *aspectIndex) bit(name string) (uint16, error) {
	name = strings.TrimSpace(strings.ToLower(name))
	for i, n := range a.names {
		if n == name {
			return 1 << i, nil
		}
	}
	if len(a.names) == 16 || name == "" {
		return 0, fmt.Errorf("aspect %q: at most 16 named aspects: %w", name, ErrLexiconFormat)
	}
	a.names = append(a.names, name)
	return 1 << (len(a.names) - 1), nil
}

// sharedTables are the language-independent emoji and emoticon valences.
type sharedTables struct {
	emoji     map[string]float32 // keyed by the emoji's first rune
	emoticons map[string]float32 // case-sensitive
	maxEmo    int                // longest emoticon in bytes
	emoFirst  [256]bool          // bytes an emoticon can start with
}

func loadShared(fsys fs.FS) (*sharedTables, error) {
	s := &sharedTables{emoji: map[string]float32{}, emoticons: map[string]float32{}}
	err := readTSV(fsys, "lexicons/"+sharedDir+"/valence.tsv", 2, func(f []string) error {
		v, err := parseFloat(f[1])
		r := []rune(f[0])
		// Flags and keycaps would collide on their first rune: skip them.
		if err == nil && len(r) > 0 && r[0] >= 0x2000 && (r[0] < 0x1F1E6 || r[0] > 0x1F1FF) {
			s.emoji[string(r[0])] = v
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	err = readTSV(fsys, "lexicons/"+sharedDir+"/emoticons.tsv", 2, func(f []string) error {
		v, err := parseFloat(f[1])
		s.emoticons[f[0]] = v
		s.emoFirst[f[0][0]] = true
		s.maxEmo = max(s.maxEmo, len(f[0]))
		return err
	})
	return s, err
}

// Bits of term.pat.
const (
	patComplaint uint8 = 1 << iota
	patUrgency
)

// markPatterns flags the first words of patterns on their terms, so the
// scorer consults the pattern index only where a pattern can start.
func (l *lexicon) markPatterns() {
	for w := range l.complaints.byWord {
		l.set(w, func(t *term) { t.pat |= patComplaint })
	}
	for w := range l.urgency.byWord {
		l.set(w, func(t *term) { t.pat |= patUrgency })
	}
}
