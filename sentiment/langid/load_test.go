package langid

import (
	"strings"
	"testing"
)

// TestLoadRejectsBadData checks that a malformed data line names its problem
// instead of building a half-filled table.
func TestLoadRejectsBadData(t *testing.T) {
	newBuilder := func(t *testing.T) *builder {
		t.Helper()
		b := &builder{d: &Detector{}, index: map[string]uint8{}, trigrams: newTableBuilder(),
			words: newTableBuilder(), letters: newTableBuilder()}
		if _, err := b.addLang("en", scLatin); err != nil {
			t.Fatal(err)
		}
		return b
	}
	profile := func(script, lang string, n int, tri string) []string {
		f := []string{script, lang}
		for range n {
			f = append(f, tri)
		}
		return f
	}
	cases := []struct {
		name string
		run  func(b *builder) error
		want string
	}{
		{"unknown script", func(b *builder) error { return b.profileLine(profile("klingon", "tlh", profileLen, "abc")) }, "known script"},
		{"short profile", func(b *builder) error { return b.profileLine(profile("latin", "xx", 10, "abc")) }, "300 trigrams"},
		{"trigram of two runes", func(b *builder) error { return b.profileLine(profile("latin", "xx", profileLen, "ab")) }, "not three runes"},
		{"word line missing a field", func(b *builder) error { return b.wordLine([]string{"en", "the and"}) }, "got 2 fields"},
		{"word weight not a number", func(b *builder) error { return b.wordLine([]string{"en", "heavy", "the"}) }, `weight "heavy"`},
		{"word for unknown language", func(b *builder) error { return b.wordLine([]string{"xx", "1", "the"}) }, `language "xx"`},
		{"prior for unknown language", func(b *builder) error { return b.priorLine([]string{"xx", "1"}) }, `language "xx"`},
		{"prior not a number", func(b *builder) error { return b.priorLine([]string{"en", "big"}) }, `prior "big"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run(newBuilder(t))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// TestEmbeddedDataLoads checks that every embedded file parses and that the
// words a language needs to be told from its neighbour are really there.
func TestEmbeddedDataLoads(t *testing.T) {
	d, err := load()
	if err != nil {
		t.Fatalf("load() error: %v", err)
	}
	for _, w := range []struct{ word, lang string }{{"tak", "ms"}, {"nggak", "id"}, {"kualiti", "ms"}, {"kualitas", "id"}, {"the", "en"}} {
		found := false
		for _, p := range d.words.lookup(mix(wordKey(w.word))) {
			found = found || d.langs[p.lang] == w.lang
		}
		if !found {
			t.Errorf("word %q has no posting for %q", w.word, w.lang)
		}
	}
}

// TestMalayIndonesianListsDisjoint keeps a word from counting for both sides
// of the pair, which would make it useless and hide a typo in the data.
func TestMalayIndonesianListsDisjoint(t *testing.T) {
	d := New()
	raw, err := dataFS.ReadFile("data/words.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 || (f[0] != "ms" && f[0] != "id") {
			continue
		}
		for _, w := range strings.Fields(f[2]) {
			var ms, id int32
			for _, p := range d.words.lookup(mix(wordKey(w))) {
				switch p.lang {
				case d.ms:
					ms += int32(p.w)
				case d.id:
					id += int32(p.w)
				}
			}
			if ms == id {
				t.Errorf("word %q (listed for %s) counts the same for ms and id", w, f[0])
			}
		}
	}
}
