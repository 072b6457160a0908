package langid

import "fmt"

// posting is one piece of evidence: a feature seen in a text adds w/weightScale
// to the score of language lang. Four bytes, so a feature's postings share a
// cache line.
type posting struct {
	lang uint8
	w    int16
}

// weightScale is the fixed-point scale of posting weights and text scores.
const weightScale = 64

// slot is one entry of a table: a fingerprint of the key and its postings,
// held in the slot itself when there are few (most trigrams are frequent in
// one or two languages only), so a lookup usually touches one cache line.
type slot struct {
	fp     uint32 // high half of mix(key); 0 marks an empty slot
	off    uint16 // first posting in table.postings when n > inlinePostings
	n      uint8
	_      uint8
	inline [inlinePostings]posting
}

// inlinePostings is how many postings fit in a 16-byte slot.
const inlinePostings = 2

// table maps 64-bit feature keys (packed trigrams, word hashes, runes) to
// postings with open addressing. It is built once by New and only read
// afterwards, which is what makes Detector safe for concurrent use and keeps
// lookups free of allocation. It stores 32-bit fingerprints, not keys: a
// feature outside the table matches a probed slot with odds of 1 in 2^32,
// which costs at most a stray posting.
type table struct {
	slots    []slot
	postings []posting
	mask     uint64
}

// tableBuilder gathers postings per key before they are frozen into a table.
type tableBuilder struct {
	order []uint64
	byKey map[uint64][]posting
}

func newTableBuilder() *tableBuilder {
	return &tableBuilder{byKey: make(map[uint64][]posting)}
}

// add records evidence; a second posting for the same key and language adds up.
func (b *tableBuilder) add(key uint64, lang uint8, w float64) {
	ps, ok := b.byKey[key]
	if !ok {
		b.order = append(b.order, key)
	}
	q := int16(w*weightScale + 0.5)
	for i := range ps {
		if ps[i].lang == lang {
			ps[i].w += q
			return
		}
	}
	b.byKey[key] = append(ps, posting{lang: lang, w: q})
}

// build freezes the builder into a table at most 5/8 full, so probe chains
// stay short.
func (b *tableBuilder) build() (table, error) {
	size := 16
	for size*5 < len(b.order)*8 {
		size <<= 1
	}
	t := table{slots: make([]slot, size), mask: uint64(size - 1)}
	for _, k := range b.order {
		h := mix(k)
		i := h & t.mask
		for t.slots[i].fp != 0 {
			if t.slots[i].fp == fingerprint(h) {
				return table{}, fmt.Errorf("two keys share fingerprint %#x", fingerprint(h))
			}
			i = (i + 1) & t.mask
		}
		ps := b.byKey[k]
		if len(t.postings)+len(ps) > 1<<16-1 || len(ps) > 255 {
			return table{}, fmt.Errorf("more than %d postings", 1<<16-1)
		}
		t.slots[i] = slot{fp: fingerprint(h), n: uint8(len(ps))}
		if len(ps) <= inlinePostings {
			copy(t.slots[i].inline[:], ps)
			continue
		}
		t.slots[i].off = uint16(len(t.postings))
		t.postings = append(t.postings, ps...)
	}
	return t, nil
}

// lookup returns the postings for the key whose mix is h, or nil.
func (t *table) lookup(h uint64) []posting {
	fp := fingerprint(h)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.fp == fp {
			if s.n <= inlinePostings {
				return s.inline[:s.n]
			}
			return t.postings[s.off : int(s.off)+int(s.n)]
		}
		if s.fp == 0 {
			return nil
		}
	}
}

// fingerprint is the high half of a mixed key, never 0.
func fingerprint(h uint64) uint32 {
	return uint32(h>>32) | 1
}

// mix scrambles a key so packed runes spread over the table (splitmix64 finaliser).
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// trigramKey packs three runes (21 bits each) into one key.
func trigramKey(a, b, c rune) uint64 {
	return uint64(a)<<42 | uint64(b)<<21 | uint64(c)
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hashRune folds one lowercased rune into an FNV-1a word hash.
func hashRune(h uint64, r rune) uint64 {
	for r != 0 {
		h ^= uint64(r & 0xff)
		h *= fnvPrime
		r >>= 8
	}
	return h
}

// wordKey hashes a lowercased word the same way the scanner does, rune by rune.
func wordKey(w string) uint64 {
	h := uint64(fnvOffset)
	for _, r := range w {
		h = hashRune(h, r)
	}
	return h
}
