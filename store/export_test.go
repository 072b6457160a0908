package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Test hooks: compiled only into this package's tests.

// OpenWithMigrations opens path with an explicit migration list, so tests can
// check that a hook runs without a real schema change.
func OpenWithMigrations(path string, opts Options, migs []func(tx *bolt.Tx) error) (*DB, error) {
	ms := make([]migration, len(migs))
	for i, m := range migs {
		ms[i] = m
	}
	return openWith(path, opts, ms)
}

// SetSchemaVersion rewrites the schema version of a closed store file.
func SetSchemaVersion(path string, v uint32) error {
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	defer bdb.Close()
	return bdb.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint32(nil, v))
	})
}

// CorruptMention overwrites the record of mention id with raw.
func CorruptMention(db *DB, id string, raw []byte) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketIDs).Get(appendIDKey(nil, txDict(tx), id, false))
		if v == nil {
			return ErrNotFound
		}
		key, err := idValueKey(v)
		if err != nil {
			return err
		}
		return tx.Bucket(bucketMentions).Put(append([]byte(nil), key...), raw)
	})
}

// PageBytesWritten is how many bytes of dirty pages the store's commits have
// written so far, for the write-amplification figure in BenchmarkStorePut.
func PageBytesWritten(db *DB) int64 {
	s := db.bolt.Stats()
	return s.TxStats.GetPageAlloc()
}

// DowngradeToSchema1 rewrites a closed current file into the schema-1
// layout: index keys spell their names out (as before schema 5) and text
// hashes move from by_source values back into a syndic bucket.
func DowngradeToSchema1(path string) error {
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	defer bdb.Close()
	return bdb.Update(func(tx *bolt.Tx) error {
		if err := spellIndexKeys(tx); err != nil {
			return err
		}
		syndic, err := tx.CreateBucket(bucketSyndic)
		if err != nil {
			return err
		}
		bySource := tx.Bucket(bucketBySource)
		var keys [][]byte
		err = bySource.ForEach(func(k, v []byte) error {
			if len(v) == 8 {
				keys = append(keys, bytes.Clone(k))
				return syndic.Put(bytes.Clone(k[len(k)-mkeyLen:]), bytes.Clone(v))
			}
			return nil
		})
		for _, k := range keys {
			if err == nil {
				err = bySource.Put(k, nil)
			}
		}
		if err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint32(nil, 1))
	})
}

// HasBucket reports whether the open store has a top-level bucket name.
func HasBucket(db *DB, name string) bool {
	found := false
	_ = db.bolt.View(func(tx *bolt.Tx) error { found = tx.Bucket([]byte(name)) != nil; return nil })
	return found
}

// spellIndexKeys turns by_brand and by_source keys back into len2|name|mkey.
func spellIndexKeys(tx *bolt.Tx) error {
	d := txDict(tx)
	for _, name := range [][]byte{bucketByBrand, bucketBySource} {
		b := tx.Bucket(name)
		var ks, vs [][]byte
		err := b.ForEach(func(k, v []byte) error {
			if k[0] == nameSpelt { // a name the dict could not hold
				ks, vs = append(ks, bytes.Clone(k[1:])), append(vs, bytes.Clone(v))
				return nil
			}
			id, n := binary.Uvarint(k[1:])
			s, ok := d.name(id)
			if k[0] != nameInterned || n <= 0 || !ok {
				return fmt.Errorf("index key %x is not interned", k)
			}
			ks = append(ks, append(appendName(nil, s), k[1+n:]...))
			vs = append(vs, bytes.Clone(v))
			return nil
		})
		if err == nil {
			err = tx.DeleteBucket(name)
		}
		if err == nil {
			b, err = tx.CreateBucket(name)
		}
		for i := range ks {
			if err == nil {
				err = b.Put(ks[i], vs[i])
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// SpellIndexKeys rewrites a closed current file's index keys the schema-4
// way (names spelt out) and marks it schema 4.
func SpellIndexKeys(path string) error {
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	defer bdb.Close()
	return bdb.Update(func(tx *bolt.Tx) error {
		if err := spellIndexKeys(tx); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint32(nil, 4))
	})
}
