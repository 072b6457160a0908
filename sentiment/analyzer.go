package sentiment

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment/langid"
)

// Options configures an Analyzer. The zero value uses the built-in lexicons.
type Options struct {
	// Terms are user terms: lang -> term -> valence (-4..4). They override the
	// built-in lexicon of that language ("sick" as praise). Lang "*" applies
	// to every scored language.
	Terms map[string]map[string]float64
	// Aspects are user aspects: aspect -> extra keywords, in any language.
	Aspects map[string][]string
}

// Input is one text to analyse.
type Input struct {
	Text  string
	Title string // analysed before Text, as its own sentence
	// LangHint is a language the source declared (ISO 639-1); when set it
	// replaces language identification.
	LangHint string
	// Rating is the item's star rating normalised to 0..5, when it has one.
	Rating *float64
	// Explain asks for Analysis.Explain; without it the analysis allocates nothing.
	Explain bool
}

// Analyzer scores texts. It is built once by New and is safe for concurrent use.
type Analyzer struct {
	langs    map[string]*lexicon
	scored   []string
	shared   *sharedTables
	aspects  aspectIndex
	byScript map[string][]*lexicon // scored lexicons per script, for retryLanguage
	detector *langid.Detector
	model    *linearModel
	version  string
	pool     sync.Pool // *scratch
}

// version of the rules in this file set; bump when scoring changes.
const engineVersion = "earshot-sentiment/1"

// New loads the embedded lexicons and model weights, then applies opts.
func New(opts Options) (*Analyzer, error) {
	a := &Analyzer{langs: map[string]*lexicon{}, detector: langid.New()}
	a.pool.New = func() any { return newScratch() }
	sh, err := loadShared(lexiconFS)
	if err != nil {
		return nil, fmt.Errorf("load emoji tables: %w", err)
	}
	a.shared = sh
	if err := a.loadLanguages(); err != nil {
		return nil, err
	}
	if a.model, err = loadModel(modelBytes); err != nil {
		return nil, err
	}
	if err := a.applyOptions(opts); err != nil {
		return nil, err
	}
	for _, l := range a.langs {
		l.script = lexiconScript(l)
	}
	a.byScript = groupByScript(a.langs)
	a.version = engineVersion + " lex-" + contentHash(opts)
	return a, nil
}

// loadLanguages loads every language directory under lexicons/ (all but
// the shared emoji tables); an empty directory is a language in
// preparation, not a scored one.
func (a *Analyzer) loadLanguages() error {
	dirs, err := fs.ReadDir(lexiconFS, "lexicons")
	if err != nil {
		return fmt.Errorf("read lexicons: %w", err)
	}
	for _, d := range dirs {
		if !d.IsDir() || d.Name() == sharedDir {
			continue
		}
		lex, err := loadLanguage(lexiconFS, path.Join("lexicons", d.Name()), &a.aspects)
		if err != nil {
			return fmt.Errorf("load lexicon %s: %w", d.Name(), err)
		}
		if len(lex.terms) > 0 {
			a.langs[lex.lang] = lex
			a.scored = append(a.scored, lex.lang)
		}
	}
	sort.Strings(a.scored)
	return nil
}

// applyOptions adds the user's terms and aspect words. Terms for every
// language ("*") go first and a language's own override them; within one
// language, two spellings of one term ("Sick", "sick") must agree: map order
// must never decide a valence.
func (a *Analyzer) applyOptions(opts Options) error {
	langs := make([]string, 0, len(opts.Terms))
	for lang := range opts.Terms {
		if lang != "*" && a.langs[strings.ToLower(lang)] == nil {
			return fmt.Errorf("user terms for %q: no lexicon for that language (scored: %s): %w",
				lang, strings.Join(a.scored, ", "), ErrUnknownLanguage)
		}
		langs = append(langs, lang)
	}
	sort.Slice(langs, func(i, j int) bool { return langs[i] == "*" || langs[j] != "*" && langs[i] < langs[j] })
	for _, lang := range langs {
		norm := map[string]float64{}
		for t, v := range opts.Terms[lang] {
			if !(v >= -4 && v <= 4) { // NaN too
				return fmt.Errorf("user term %s/%q: valence %v outside -4..4: %w", lang, t, v, ErrLexiconFormat)
			}
			key := normTerm(t)
			if prev, dup := norm[key]; dup && prev != v {
				return fmt.Errorf("user terms %s/%q: written twice with valences %v and %v (case and spacing do not count): keep one: %w", lang, key, prev, v, ErrLexiconFormat)
			}
			norm[key] = v
		}
		for key, v := range norm {
			for _, l := range a.langs {
				if lang == "*" || strings.EqualFold(lang, l.lang) {
					// The user's value is for this very spelling: a slang
					// rewrite ("ty" -> "thanks") must not bypass it.
					l.set(key, func(x *term) { x.val, x.hasVal, x.canon = float32(v), true, nil })
				}
			}
		}
	}
	aspects := make([]string, 0, len(opts.Aspects))
	for aspect := range opts.Aspects {
		aspects = append(aspects, aspect)
	}
	sort.Strings(aspects) // bit numbers, and so the order Aspects lists them in, never follow map order
	for _, aspect := range aspects {
		words := opts.Aspects[aspect]
		bit, err := a.aspects.bit(aspect)
		if err != nil {
			return fmt.Errorf("user aspect: %w", err)
		}
		for _, w := range words {
			for _, l := range a.langs {
				l.set(normTerm(w), func(x *term) { x.aspects |= bit })
			}
		}
	}
	return nil
}

// contentHash is a short hash of every embedded lexicon file, the model
// weights and the user options, so a change to any of them changes Version.
func contentHash(opts Options) string {
	h := sha256.New()
	_ = fs.WalkDir(lexiconFS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(lexiconFS, p)
			fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
			h.Write(b)
		}
		return nil
	})
	h.Write(modelBytes)
	// JSON, not joined strings: a keyword holding "," must not hash like two.
	b, _ := json.Marshal([]any{sortedTerms(opts.Terms), sortedAspects(opts.Aspects)})
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))[:12]
}

func sortedTerms(m map[string]map[string]float64) [][3]any {
	var out [][3]any
	for l, ts := range m {
		for t, v := range ts {
			out = append(out, [3]any{l, t, v})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		li, lj := out[i][0].(string), out[j][0].(string)
		return li < lj || li == lj && out[i][1].(string) < out[j][1].(string)
	})
	return out
}

func sortedAspects(m map[string][]string) [][2]any {
	var out [][2]any
	for a, ws := range m {
		out = append(out, [2]any{a, ws})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0].(string) < out[j][0].(string) })
	return out
}

// Version identifies the engine, lexicons, weights and user terms, e.g.
// "earshot-sentiment/1 lex-3f2a9c0b1d4e": re-score stored analyses when it changes.
func (a *Analyzer) Version() string { return a.version }

// Languages returns the languages with a lexicon, sorted.
func (a *Analyzer) Languages() (scored []string) { return append([]string(nil), a.scored...) }

// Analyze returns the analysis of one text.
func (a *Analyzer) Analyze(in Input) model.Analysis {
	var out model.Analysis
	a.AnalyzeInto(in, &out)
	return out
}
