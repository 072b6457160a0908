package query

import "sync"

// foldEntry is the precomputed folding of one rune encoded in two UTF-8
// bytes (U+0080..U+07FF: Latin supplements, Greek, Cyrillic, Armenian,
// Hebrew, Arabic), the non-ASCII runes most texts are made of. Looking them
// up replaces a decomposition, two case mappings and a category test.
type foldEntry struct {
	class runeClass
	n     uint8
	b     [6]byte // folded UTF-8 when class is letter
}

// fold2 builds the table once, on first use; it is read-only afterwards.
var fold2 = sync.OnceValue(func() *[0x800 - 0x80]foldEntry {
	var tab [0x800 - 0x80]foldEntry
	for r := rune(0x80); r < 0x800; r++ {
		tab[r-0x80] = entryFor(r)
	}
	return &tab
})

// entryFor folds r with the slow path, as if inside a word, and records what
// happened; a rune whose decomposition both separates and adds letters, or
// folds to more than six bytes, stays on the slow path.
func entryFor(r rune) foldEntry {
	t := tokenizer{inWord: true}
	var enc [4]byte
	n := copy(enc[:], string(r))
	t.decompose(string(enc[:n]))
	switch {
	case len(t.words) == 0 && t.inWord && len(t.buf) == 0:
		return foldEntry{class: skip}
	case len(t.words) == 0 && t.inWord && len(t.buf) <= 6:
		e := foldEntry{class: letter, n: uint8(len(t.buf))}
		copy(e.b[:], t.buf)
		return e
	case len(t.words) == 1 && !t.inWord && len(t.buf) == 0:
		return foldEntry{class: sep}
	}
	return foldEntry{class: slow}
}

// apply replays a table entry.
func (t *tokenizer) apply(e *foldEntry) {
	switch e.class {
	case letter:
		t.begin()
		t.buf = append(t.buf, e.b[:e.n]...)
	case sep:
		t.end()
	}
}
