package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// The strings bucket interns names that repeat in nearly every record (the
// source, brands, languages, the analysis version, aspect names) as small
// ids: recordV6 stores uvarint(id<<1|1) where earlier layouts spelt the name
// out, ~50 bytes per typical record. Ids are 4-byte big-endian keys from 1
// up; an id, once committed, always means the same string. A name is added
// in the transaction of the first record that uses it, so a record and its
// names commit or roll back together.
const (
	maxInterned    = 4096 // past this, names are spelt out: a bound on a bad import
	maxInternedLen = 64   // longer strings are not names
)

// dict is one transaction's view of the strings bucket, loaded on first use.
// Readers resolve ids; the writer also interns. Not safe for concurrent use.
type dict struct {
	bucket *bolt.Bucket // nil in a file that has none yet: every id is unknown
	names  []string     // id-1 -> name
	ids    map[string]uint64
	loaded bool
	err    error // the first failed Put, reported by the writer
}

func txDict(tx *bolt.Tx) *dict { return &dict{bucket: tx.Bucket(bucketStrings)} }

func (d *dict) load() {
	d.loaded = true
	if d.bucket == nil {
		return
	}
	_ = d.bucket.ForEach(func(k, v []byte) error {
		if len(k) == 4 && binary.BigEndian.Uint32(k) == uint32(len(d.names)+1) {
			d.names = append(d.names, string(v))
		}
		return nil // a gap or bad key leaves later ids unknown: their records fail to decode
	})
}

// name returns the string with id, if it exists.
func (d *dict) name(id uint64) (string, bool) {
	if d == nil {
		return "", false
	}
	if !d.loaded {
		d.load()
	}
	if id == 0 || id > uint64(len(d.names)) {
		return "", false
	}
	return d.names[id-1], true
}

// intern returns s's id, adding it to the bucket if needed; 0 means spell it
// out (no dict, too long, dict full, or a failed Put, kept in d.err).
func (d *dict) intern(s string) uint64 {
	if d == nil || d.bucket == nil || s == "" || len(s) > maxInternedLen || d.err != nil {
		return 0
	}
	if !d.loaded {
		d.load()
	}
	if d.ids == nil { // only writers need the reverse map
		d.ids = make(map[string]uint64, len(d.names))
		for i, name := range d.names {
			d.ids[name] = uint64(i + 1)
		}
	}
	if id := d.ids[s]; id != 0 {
		return id
	}
	if len(d.names) >= maxInterned {
		return 0
	}
	id := uint64(len(d.names) + 1)
	if err := d.bucket.Put(binary.BigEndian.AppendUint32(nil, uint32(id)), []byte(s)); err != nil {
		d.err = fmt.Errorf("intern %q: %w", s, err)
		return 0
	}
	d.names = append(d.names, s)
	d.ids[s] = id
	return id
}

// lookup returns s's id, or 0 when it has none. A writer's dict has the
// reverse map (intern builds it); a reader's looks one or two names up per
// transaction, for which scanning the few names beats building the map
// (MentionByID 10.6 -> 9.2 µs).
func (d *dict) lookup(s string) uint64 {
	if d == nil || d.bucket == nil {
		return 0
	}
	if !d.loaded {
		d.load()
	}
	if d.ids != nil {
		return d.ids[s]
	}
	for i, name := range d.names {
		if name == s {
			return uint64(i + 1)
		}
	}
	return 0
}

// appendSym writes s as an interned id or, without one, spelt out as
// uvarint(len<<1) and the bytes.
func appendSym(b []byte, d *dict, s string) []byte {
	if id := d.intern(s); id != 0 {
		return binary.AppendUvarint(b, id<<1|1)
	}
	return append(binary.AppendUvarint(b, uint64(len(s))<<1), s...)
}

func appendSyms(b []byte, d *dict, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = appendSym(b, d, s)
	}
	return b
}

// sym reads what appendSym wrote; before recordV6 it is a plain string.
func (r *reader) sym() string {
	if r.ver < recordV6 {
		return r.str()
	}
	tag := r.uvarint()
	if tag&1 == 0 {
		return r.strN(tag >> 1)
	}
	s, ok := r.dict.name(tag >> 1)
	if !ok && r.err == nil {
		r.fail("unknown interned string")
	}
	return s
}

func (r *reader) syms() []string {
	n := r.count(1)
	if n == 0 {
		return nil
	}
	out := r.arena.strings(n)
	for i := range out {
		out[i] = r.sym()
	}
	return out
}
