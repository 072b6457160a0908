package langid

import (
	"bufio"
	"embed"
	"fmt"
	"math"
	"strconv"
	"strings"
)

//go:embed data/*.tsv
var dataFS embed.FS

// profileLen is the number of trigrams per profile in data/trigrams.tsv.
const profileLen = 300

// malaySharesIndonesian: the trigram data has one profile for Indonesian; Malay
// is written with the same letters and endings, so both get those postings and
// are told apart by the words in data/words.tsv.
const malaySharesIndonesian = true

// builder collects languages and evidence while New reads the embedded data.
type builder struct {
	d        *Detector
	index    map[string]uint8
	trigrams *tableBuilder
	words    *tableBuilder
	letters  *tableBuilder
}

// load builds a Detector from the embedded data files.
func load() (*Detector, error) {
	b := &builder{
		d:        &Detector{runes: buildRuneInfo()},
		index:    make(map[string]uint8),
		trigrams: newTableBuilder(),
		words:    newTableBuilder(),
		letters:  newTableBuilder(),
	}
	steps := []struct {
		file string
		line func([]string) error
	}{
		{"data/trigrams.tsv", b.profileLine},
		{"data/words.tsv", b.wordLine},
		{"data/letters.tsv", b.letterLine},
		{"data/priors.tsv", b.priorLine},
	}
	for _, s := range steps {
		if err := eachLine(s.file, s.line); err != nil {
			return nil, err
		}
	}
	for _, t := range []struct {
		name string
		b    *tableBuilder
		t    *table
	}{{"trigrams", b.trigrams, &b.d.trigrams}, {"words", b.words, &b.d.words}, {"letters", b.letters, &b.d.letters}} {
		var err error
		if *t.t, err = t.b.build(); err != nil {
			return nil, fmt.Errorf("%s table: %w", t.name, err)
		}
	}
	b.d.ms, b.d.id = b.index["ms"], b.index["id"]
	return b.d, nil
}

// eachLine calls fn with the tab-separated fields of each non-comment line.
func eachLine(name string, fn func([]string) error) error {
	raw, err := dataFS.ReadFile(name)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(raw)))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(strings.Split(line, "\t")); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	return sc.Err()
}

// addLang registers a language written in script s and returns its index.
func (b *builder) addLang(code string, s script) (uint8, error) {
	if i, ok := b.index[code]; ok {
		return i, nil
	}
	if len(b.d.langs) >= maxLangs {
		return 0, fmt.Errorf("more than %d languages", maxLangs)
	}
	i := uint8(len(b.d.langs))
	b.index[code] = i
	b.d.langs = append(b.d.langs, code)
	b.d.byScript[s] = append(b.d.byScript[s], i)
	return i, nil
}

// profileLine reads "script TAB lang TAB trigram...", most frequent first.
func (b *builder) profileLine(f []string) error {
	s, ok := scriptNames[f[0]]
	if !ok || len(f) != 2+profileLen {
		return fmt.Errorf("want a known script, a language and %d trigrams, got %d fields", profileLen, len(f))
	}
	codes := []string{f[1]}
	if f[1] == "id" && malaySharesIndonesian {
		codes = append(codes, "ms")
	}
	for _, code := range codes {
		lang, err := b.addLang(code, s)
		if err != nil {
			return err
		}
		for rank, tri := range f[2:] {
			r := []rune(tri)
			if len(r) != 3 {
				return fmt.Errorf("%s trigram %q is not three runes", code, tri)
			}
			b.trigrams.add(trigramKey(r[0], r[1], r[2]), lang, rankWeight(rank))
		}
	}
	return nil
}

// rankWeight turns a trigram's frequency rank into log-odds evidence, taking
// frequencies as Zipfian (p ∝ 1/rank) and scoring a trigram missing from a
// profile as a little rarer than its last one: the weight is log p(rank) minus
// that floor, from about 6.7 for the top trigram down to 1.
func rankWeight(rank int) float64 {
	return math.Log(float64(profileLen)/float64(rank+1)) + 1
}

// wordLine reads "langs TAB weight TAB words".
func (b *builder) wordLine(f []string) error {
	return b.groupLine(f, b.words, func(item string) []uint64 {
		var keys []uint64
		for _, w := range strings.Fields(item) {
			keys = append(keys, wordKey(w))
		}
		return keys
	})
}

// letterLine reads "langs TAB weight TAB letters".
func (b *builder) letterLine(f []string) error {
	return b.groupLine(f, b.letters, func(item string) []uint64 {
		var keys []uint64
		for _, r := range item {
			keys = append(keys, uint64(r))
		}
		return keys
	})
}

// groupLine adds weight for every key of the third field to every language of the first.
func (b *builder) groupLine(f []string, t *tableBuilder, keys func(string) []uint64) error {
	if len(f) != 3 {
		return fmt.Errorf("want langs, weight and items, got %d fields", len(f))
	}
	w, err := strconv.ParseFloat(f[1], 64)
	if err != nil {
		return fmt.Errorf("weight %q: %w", f[1], err)
	}
	for _, code := range strings.Split(f[0], ",") {
		lang, ok := b.index[code]
		if !ok {
			return fmt.Errorf("language %q has no trigram profile", code)
		}
		for _, k := range keys(f[2]) {
			t.add(k, lang, w)
		}
	}
	return nil
}

// priorLine reads "lang TAB prior".
func (b *builder) priorLine(f []string) error {
	if len(f) != 2 {
		return fmt.Errorf("want lang and prior, got %d fields", len(f))
	}
	lang, ok := b.index[f[0]]
	if !ok {
		return fmt.Errorf("language %q has no trigram profile", f[0])
	}
	p, err := strconv.ParseFloat(f[1], 32)
	if err != nil {
		return fmt.Errorf("prior %q: %w", f[1], err)
	}
	b.d.prior[lang] = int32(p * weightScale)
	return nil
}
