package store

import (
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Stats summarises the store, from counters kept at write time (no scan).
type Stats struct {
	Mentions                           int            // stored mentions (merged copies not counted)
	ByBrand, BySource, ByLabel, ByLang map[string]int // ByLabel: scored mentions only; ByLang "" = unknown
	Unscored                           int            // no analysis, or a language that cannot be scored
	FileBytes                          int64          // size of the bbolt file
	Oldest, Newest                     time.Time      // publish times of the first and last mention
}

// Stats returns counts by brand, source, label and language, the file size
// and the range of publish times.
func (db *DB) Stats() (Stats, error) {
	s := Stats{ByBrand: map[string]int{}, BySource: map[string]int{}, ByLabel: map[string]int{}, ByLang: map[string]int{}}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		cb := tx.Bucket(bucketCounters)
		for kind, dst := range map[byte]map[string]int{kindBrand: s.ByBrand, kindSource: s.BySource, kindLabel: s.ByLabel, kindLang: s.ByLang} {
			readCounters(cb, kind, func(name string, n int64) { dst[name] = int(n) })
		}
		readCounters(cb, kindTotal, func(_ string, n int64) { s.Mentions = int(n) })
		readCounters(cb, kindUnscored, func(_ string, n int64) { s.Unscored = int(n) })
		s.FileBytes = tx.Size()
		c := tx.Bucket(bucketMentions).Cursor()
		if k, _ := c.First(); len(k) == mkeyLen {
			s.Oldest = keyTime(binary.BigEndian.Uint64(k))
		}
		if k, _ := c.Last(); len(k) == mkeyLen {
			s.Newest = keyTime(binary.BigEndian.Uint64(k))
		}
		return nil
	})
	if err != nil {
		return Stats{}, fmt.Errorf("stats: %w", err)
	}
	return s, nil
}
