package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// From schema 5 on, a by_brand or by_source key starts with its name's
// interned id instead of the name: 0x01 then uvarint(id), ~2 bytes where
// len2|name took ~10 (~1.5 brand entries and one source entry per mention).
// A name the dict cannot hold (too long, dict full) is spelt out as 0x00
// then len2|name. A name has one form for good, since an interned id is
// never dropped and a spelt name never gets one later (dict.intern refuses
// it for the same reason every time), so a range scan finds all its keys.
const (
	nameSpelt    byte = 0
	nameInterned byte = 1
)

// appendIndexName appends name's part of an index key. Writers intern the
// name; readers only look it up, and a name never interned is spelt out
// (and then matches nothing, or the spelt keys there are).
func appendIndexName(b []byte, d *dict, name string, intern bool) []byte {
	id := d.lookup(name)
	if intern && id == 0 {
		id = d.intern(name)
	}
	if id != 0 {
		return binary.AppendUvarint(append(b, nameInterned), id)
	}
	return appendName(append(b, nameSpelt), name)
}

// migrateIndexNames (schema 4 -> 5) rewrites every by_brand and by_source
// key from len2|name to its appendIndexName form. Values stay.
func migrateIndexNames(tx *bolt.Tx) error {
	d := txDict(tx)
	for _, name := range [][]byte{bucketByBrand, bucketBySource} {
		if err := rekeyIndex(tx, name, d); err != nil {
			return fmt.Errorf("rekey %s: %w", name, err)
		}
	}
	return d.err
}

func rekeyIndex(tx *bolt.Tx, name []byte, d *dict) error {
	return rebuildBucket(tx, name, fillIndex, func(k []byte) ([]byte, error) {
		if len(k) < 2 || len(k) != 2+int(binary.BigEndian.Uint16(k))+mkeyLen {
			return nil, fmt.Errorf("index key %x: %w", k, ErrCorrupt)
		}
		n := 2 + int(binary.BigEndian.Uint16(k))
		return append(appendIndexName(nil, d, string(k[2:n]), true), k[n:]...), nil
	})
}

// rebuildBucket replaces bucket name with one holding the same values under
// the keys rekey makes, put in key order at fill.
func rebuildBucket(tx *bolt.Tx, name []byte, fill float64, rekey func(k []byte) ([]byte, error)) error {
	type entry struct{ k, v []byte }
	var all []entry
	err := tx.Bucket(name).ForEach(func(k, v []byte) error {
		nk, err := rekey(k)
		all = append(all, entry{nk, bytes.Clone(v)})
		return err
	})
	if err != nil {
		return err
	}
	if err := tx.DeleteBucket(name); err != nil {
		return err
	}
	b, err := tx.CreateBucket(name)
	if err != nil {
		return err
	}
	b.FillPercent = fill
	slices.SortFunc(all, func(x, y entry) int { return bytes.Compare(x.k, y.k) })
	for _, e := range all {
		if err := b.Put(e.k, e.v); err != nil {
			return err
		}
	}
	return nil
}
