package langid

// posting is one piece of evidence: a feature seen in a text adds w to the
// score of language lang.
type posting struct {
	lang uint8
	w    float32
}

// span locates a feature's postings in table.postings.
type span struct {
	off, n uint32
}

// table maps 64-bit feature keys (packed trigrams, word hashes, runes) to
// postings with open addressing. It is built once by New and only read
// afterwards, which is what makes Detector safe for concurrent use and keeps
// lookups free of allocation (a Go map keyed by string would hash strings we
// would first have to build).
type table struct {
	keys     []uint64 // 0 marks an empty slot; keyOf never returns 0
	spans    []span
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
func (b *tableBuilder) add(key uint64, lang uint8, w float32) {
	ps, ok := b.byKey[key]
	if !ok {
		b.order = append(b.order, key)
	}
	for i := range ps {
		if ps[i].lang == lang {
			ps[i].w += w
			return
		}
	}
	b.byKey[key] = append(ps, posting{lang: lang, w: w})
}

// build freezes the builder into a table at most half full, so probe chains stay short.
func (b *tableBuilder) build() table {
	size := 16
	for size < 2*len(b.order) {
		size <<= 1
	}
	t := table{keys: make([]uint64, size), spans: make([]span, size), mask: uint64(size - 1)}
	for _, k := range b.order {
		i := mix(k) & t.mask
		for t.keys[i] != 0 {
			i = (i + 1) & t.mask
		}
		ps := b.byKey[k]
		t.keys[i] = k
		t.spans[i] = span{off: uint32(len(t.postings)), n: uint32(len(ps))}
		t.postings = append(t.postings, ps...)
	}
	return t
}

// lookup returns the postings for key, or nil.
func (t *table) lookup(key uint64) []posting {
	i := mix(key) & t.mask
	for {
		k := t.keys[i]
		if k == key {
			s := t.spans[i]
			return t.postings[s.off : s.off+s.n]
		}
		if k == 0 {
			return nil
		}
		i = (i + 1) & t.mask
	}
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
	return nonZero(h)
}

func nonZero(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}
