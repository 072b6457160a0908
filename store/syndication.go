package store

import (
	"encoding/binary"
	"slices"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/earshot/earshot/internal/model"
)

// minSyndicatedRunes is the shortest normalised text considered for
// syndication merging: short posts ("great!") by different people are
// independent opinions and must each count.
const minSyndicatedRunes = 80

// syndicate looks for a stored mention with the same normalised text from a
// different source, published within about a week of m (the index is keyed
// by week, so copies further apart are kept as separate mentions). On a match
// it records m's source in that mention's AlsoSeenIn and maps m.ID to it.
// Otherwise it returns the index key under which m should be registered
// (nil when the text is too short or the week already has an entry).
func (w *writer) syndicate(m *model.Mention) (synKey []byte, merged bool, err error) {
	var n int
	w.norm, n = normalizeText(w.norm[:0], m.Text)
	if n < minSyndicatedRunes {
		return nil, false, nil
	}
	h, week := fnv64a(w.norm), weekNum(m.PublishedAt)
	for _, wk := range [...]uint32{week, week - 1, week + 1} {
		w.scratch = binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint32(w.scratch[:0], wk), h)
		v := w.syndic.Get(w.scratch)
		if v == nil {
			if wk == week {
				synKey = w.alloc(func(b []byte) []byte { return append(b, w.scratch...) })
			}
			continue
		}
		if merged, err := w.mergeInto(v, m); err != nil || merged {
			return nil, merged, err
		}
	}
	return synKey, false, nil
}

// mergeInto adds m's source to the stored mention at key when its text really
// is the same (not just a hash collision) and it came from another source.
func (w *writer) mergeInto(key []byte, m *model.Mention) (bool, error) {
	rec := w.mentions.Get(key)
	if rec == nil {
		return false, nil
	}
	var stored model.Mention
	if err := decodeMention(rec, &stored); err != nil {
		return false, err
	}
	if stored.Source == m.Source {
		return false, nil
	}
	if other, _ := normalizeText(nil, stored.Text); string(other) != string(w.norm) {
		return false, nil
	}
	key = w.alloc(func(b []byte) []byte { return append(b, key...) })
	if !slices.Contains(stored.AlsoSeenIn, m.Source) {
		stored.AlsoSeenIn = append(stored.AlsoSeenIn, m.Source)
		if err := w.mentions.Put(key, w.alloc(func(b []byte) []byte { return encodeMention(b, &stored) })); err != nil {
			return false, err
		}
	}
	if err := w.ids.Put(w.alloc(func(b []byte) []byte { return append(b, m.ID...) }), key); err != nil {
		return false, err
	}
	w.res.Merged++
	return true, nil
}

// normalizeText appends s lowercased, with every run of white space made one
// space and the ends trimmed, and returns the rune count. ASCII, most of what
// earshot stores, takes a byte loop; other runes use the unicode tables.
func normalizeText(dst []byte, s string) ([]byte, int) {
	runes, space := 0, false
	for i := 0; i < len(s); {
		c, size := rune(s[i]), 1
		if c >= utf8.RuneSelf {
			c, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		if asciiSpace[c&0x7f] && c < utf8.RuneSelf || c >= utf8.RuneSelf && unicode.IsSpace(c) {
			space = true
			continue
		}
		if space && runes > 0 {
			dst = append(dst, ' ')
			runes++
		}
		space = false
		runes++
		if c < utf8.RuneSelf {
			dst = append(dst, asciiLower[c])
		} else {
			dst = utf8.AppendRune(dst, unicode.ToLower(c))
		}
	}
	return dst, runes
}

// asciiSpace and asciiLower are read-only tables for normalizeText.
var (
	asciiSpace = [128]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}
	asciiLower = func() (t [128]byte) {
		for i := range t {
			t[i] = byte(i)
			if 'A' <= i && i <= 'Z' {
				t[i] += 'a' - 'A'
			}
		}
		return t
	}()
)

// fnv64a is FNV-1a: stable across processes, unlike hash/maphash, and
// allocation-free.
func fnv64a(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// weekNum counts 7-day periods since the Unix epoch.
func weekNum(t time.Time) uint32 { return uint32(t.Unix() / (7 * 24 * 3600)) }
