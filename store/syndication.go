package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math"
	"slices"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/earshot/earshot/internal/model"
)

// minSyndicatedRunes is the shortest normalised text considered for
// syndication merging: short posts ("great!") by different people are
// independent opinions and must each count.
const minSyndicatedRunes = 80

// syndicationWindow is how far apart in publish time two copies of a text may
// be and still be merged.
const syndicationWindow = 7 * 24 * time.Hour

// synCacheSpan bounds the publish-time range synIndex holds in memory (at
// ~125k mentions a week, ~15 MB); when a batch would widen it further, the
// cache is reloaded for that batch's range alone.
const synCacheSpan = 3 * syndicationWindow

// synIndex finds stored texts by hash. A long text's hash is the value of
// its by_source entry (name|time8|seq8 -> hash8, see indexkey.go): it costs no write of
// its own, and keys arrive in time order per source. (A hash-keyed bucket
// dirtied a page per mention, measured at ~1.9 KB written per mention; a
// separate time-keyed bucket cost one more Put per mention.) Lookups use this
// in-memory map of the hashes in a contiguous publish-time range, loaded from
// by_source on demand. Only the single writer (PutBatch) uses it, under mu.
type synIndex struct {
	mu       sync.Mutex
	loaded   bool
	from, to uint64               // time keys of the covered range [from, to)
	first    map[uint64]synCand   // hash -> the earliest mention with it
	more     map[uint64][]synCand // hash -> later ones (same text, same source, or far apart)
}

// synCand is a stored mention with a given text hash: its key, and its
// source's interned id (0 when the name is too long to intern), so copies
// from the mention's own source (a bot's boilerplate, posted thousands of
// times) are passed over without decoding the record.
type synCand struct {
	key [mkeyLen]byte
	src uint64
}

// cover makes sure every stored hash published in [lo, hi) is in the map.
// sources lists every source with stored mentions.
func (s *synIndex) cover(bySource *bolt.Bucket, d *dict, sources []string, lo, hi uint64) error {
	ulo, uhi := min(lo, s.from), max(hi, s.to)
	if !s.loaded || lo > s.to || hi < s.from || uhi-ulo > uint64(synCacheSpan) {
		s.loaded, s.from, s.to = true, lo, lo
		s.first, s.more = map[uint64]synCand{}, map[uint64][]synCand{}
	}
	if lo < s.from {
		if err := s.load(bySource, d, sources, lo, s.from); err != nil {
			return err
		}
		s.from = lo
	}
	if hi > s.to {
		if err := s.load(bySource, d, sources, s.to, hi); err != nil {
			return err
		}
		s.to = hi
	}
	return nil
}

// load adds the hashes of each source's mentions published in [lo, hi).
func (s *synIndex) load(bySource *bolt.Bucket, d *dict, sources []string, lo, hi uint64) error {
	c := bySource.Cursor()
	for _, source := range sources {
		src := d.lookup(source)
		prefix := appendIndexName(nil, d, source, false)
		for k, v := c.Seek(binary.BigEndian.AppendUint64(bytes.Clone(prefix), lo)); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if len(k) != len(prefix)+mkeyLen || (len(v) != 0 && len(v) != 8) {
				s.loaded = false
				return fmt.Errorf("source index entry: %w", ErrCorrupt)
			}
			key := [mkeyLen]byte(k[len(prefix):])
			if binary.BigEndian.Uint64(key[:]) >= hi {
				break
			}
			if len(v) == 8 {
				s.add(binary.BigEndian.Uint64(v), synCand{key, src})
			}
		}
	}
	return nil
}

// add records that mention c has text hash h. first keeps the earliest key
// whatever order sources are loaded in, so a copy merges into the same
// mention as it would have with any load order.
func (s *synIndex) add(h uint64, c synCand) {
	first, ok := s.first[h]
	if !ok {
		s.first[h] = c
		return
	}
	if bytes.Compare(c.key[:], first.key[:]) < 0 {
		s.first[h], c = c, first
	}
	s.more[h] = append(s.more[h], c)
}

// commit adds a committed batch's new hashes.
func (s *synIndex) commit(added map[uint64][]synCand) {
	for h, cands := range added {
		for _, c := range cands {
			if t := binary.BigEndian.Uint64(c.key[:]); s.loaded && t >= s.from && t < s.to {
				s.add(h, c)
			}
		}
	}
}

// batchSpan is the publish-time range whose hashes a batch may match. Items
// already stored are left out: a feed that returns the same old items every
// pass must not widen (and so reload) the cache each time.
func batchSpan(ms []model.Mention, dup []bool) (lo, hi uint64, ok bool) {
	var first, last time.Time
	for i := range ms {
		if len(ms[i].Text) < minSyndicatedRunes || dup[i] { // fewer bytes than runes needed
			continue
		}
		if t := ms[i].PublishedAt; !ok || t.Before(first) {
			first = t
		}
		if t := ms[i].PublishedAt; !ok || t.After(last) {
			last = t
		}
		ok = true
	}
	hi = timeKey(last.Add(syndicationWindow))
	if hi < math.MaxUint64 { // a date near the end of time must not wrap to 0
		hi++
	}
	return timeKey(first.Add(-syndicationWindow)), hi, ok
}

// syndicate looks for a stored mention with the same normalised text from a
// different source published within syndicationWindow of m. On a match it
// records m's source in that mention's AlsoSeenIn and maps m.ID to it.
// Otherwise it returns m's text hash and whether m should be indexed.
func (w *writer) syndicate(m *model.Mention) (h uint64, index, merged bool, err error) {
	var n int
	w.norm, n = normalizeText(w.norm[:0], m.Text)
	if n < minSyndicatedRunes {
		return 0, false, false, nil
	}
	h = textHash(w.norm)
	// The merge target is the oldest stored copy from another source within
	// the window; only those are decoded (a hash match is confirmed by the
	// text), oldest first, stored copies before this batch's.
	src := w.dict.lookup(m.Source)
	eligible := w.eligible[:0]
	pick := func(c synCand) {
		d := keyTime(binary.BigEndian.Uint64(c.key[:])).Sub(m.PublishedAt)
		if d <= syndicationWindow && d >= -syndicationWindow && (src == 0 || c.src != src) {
			eligible = append(eligible, c.key)
		}
	}
	if first, ok := w.syn.first[h]; ok {
		pick(first)
		for _, c := range w.syn.more[h] {
			pick(c)
		}
		slices.SortFunc(eligible, func(a, b [mkeyLen]byte) int { return bytes.Compare(a[:], b[:]) })
	}
	for _, c := range w.synAdded[h] {
		pick(c)
	}
	w.eligible = eligible
	for _, key := range eligible {
		if merged, err := w.mergeInto(key[:], m); err != nil || merged {
			return 0, false, merged, err
		}
	}
	return h, true, false, nil
}

// mergeInto adds m's source to the stored mention at key when its text really
// is the same (not just a hash collision) and it came from another source.
func (w *writer) mergeInto(key []byte, m *model.Mention) (bool, error) {
	rec := w.mentions.Get(key)
	if rec == nil {
		return false, nil
	}
	var stored model.Mention
	if err := decodeMention(rec, key, &stored, w.dict); err != nil {
		return false, err
	}
	if stored.Source == m.Source {
		return false, nil
	}
	if other, _ := normalizeText(nil, stored.Text); string(other) != string(w.norm) {
		return false, nil
	}
	key = w.alloc(func(b []byte) []byte { return append(b, key...) })
	added, err := w.addBrands(key, &stored, m.Brands)
	if err != nil {
		return false, err
	}
	if seen := slices.Contains(stored.AlsoSeenIn, m.Source); !seen || added {
		if !seen {
			stored.AlsoSeenIn = append(stored.AlsoSeenIn, m.Source)
		}
		if err := w.mentions.Put(key, w.alloc(func(b []byte) []byte { return encodeMention(b, &stored, w.text, w.dict) })); err != nil {
			return false, err
		}
	}
	if err := w.ids.Put(w.idKey(m.ID), w.alloc(func(b []byte) []byte { return appendIDValue(b, key) })); err != nil {
		return false, err
	}
	w.res.Merged++
	return true, nil
}

// addBrands gives the stored mention at key the brands of a syndicated copy
// it lacks (the copy may have been crawled for another brand): each is
// indexed, and the mention counted once in that brand's rollups and counter.
// It reports whether stored.Brands changed; the caller rewrites the record.
func (w *writer) addBrands(key []byte, stored *model.Mention, brands []string) (bool, error) {
	added := false
	for _, brand := range brands {
		if slices.Contains(stored.Brands, brand) {
			continue
		}
		if err := w.indexBrand(brand, key); err != nil {
			return false, err
		}
		stored.Brands = append(stored.Brands, brand)
		w.tallyBrand(stored, brand, 1)
		w.counts[counterKey{kindBrand, brand}]++
		added = true
	}
	return added, nil
}

// textHash is a stable 64-bit hash of a normalised text: two hardware-assisted
// CRC-32s (Castagnoli and IEEE), much faster than a byte-at-a-time hash on
// ~450-byte texts. Hashes are only a lookup aid: a match is confirmed by
// comparing the texts, so a collision costs a record decode, never a wrong merge.
func textHash(b []byte) uint64 {
	return uint64(crc32.Checksum(b, castagnoli))<<32 | uint64(crc32.ChecksumIEEE(b))
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli) // read-only after init
