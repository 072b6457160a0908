package store

import (
	"encoding/binary"

	bolt "go.etcd.io/bbolt"
)

// Counter kinds: the first byte of a counters key. Counters make Stats and
// Brands answer without scanning mentions.
const (
	kindTotal    byte = 'n'
	kindBrand    byte = 'b'
	kindSource   byte = 's'
	kindLabel    byte = 'l'
	kindLang     byte = 'g'
	kindUnscored byte = 'u'
)

type counterKey struct {
	kind byte
	name string
}

func (k counterKey) bytes() []byte { return append([]byte{k.kind}, k.name...) }

// flushCounters adds deltas to the stored counters.
func flushCounters(b *bolt.Bucket, deltas map[counterKey]int64) error {
	for k, d := range deltas {
		key := k.bytes()
		var n int64
		if v := b.Get(key); len(v) == 8 {
			n = int64(binary.BigEndian.Uint64(v))
		}
		var err error
		if n+d == 0 { // a label or language nothing has any more (after re-scoring)
			err = b.Delete(key)
		} else {
			err = b.Put(key, binary.BigEndian.AppendUint64(nil, uint64(n+d)))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// readCounters calls fn for every counter of kind.
func readCounters(b *bolt.Bucket, kind byte, fn func(name string, n int64)) {
	c := b.Cursor()
	for k, v := c.Seek([]byte{kind}); k != nil && k[0] == kind; k, v = c.Next() {
		if len(v) == 8 {
			fn(string(k[1:]), int64(binary.BigEndian.Uint64(v)))
		}
	}
}
