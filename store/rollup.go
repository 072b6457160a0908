package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/earshot/earshot/internal/model"
)

// Buckets returns brand's hourly rollups for hours in [from, to) that have
// data, oldest first. source "" gives the series over all the brand's
// sources. A zero to means no upper bound.
func (db *DB) Buckets(brand, source string, from, to time.Time) ([]model.Bucket, error) {
	prefix := rollupPrefix(brand, source)
	lo := binary.BigEndian.AppendUint32(bytes.Clone(prefix), hourNum(from))
	var out []model.Bucket
	err := db.bolt.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketRollups).Cursor()
		for k, v := c.Seek(lo); k != nil && len(k) == len(prefix)+hourLen && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			hour := hourTime(binary.BigEndian.Uint32(k[len(prefix):]))
			if !to.IsZero() && !hour.Before(to) {
				break
			}
			b := model.Bucket{Brand: brand, Source: source, Hour: hour}
			if err := decodeBucket(v, &b); err != nil {
				return err
			}
			out = append(out, b)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("buckets %s/%s: %w", brand, source, err)
	}
	return out, nil
}

// Brands returns every brand that has stored mentions, sorted.
func (db *DB) Brands() ([]string, error) {
	var out []string
	err := db.bolt.View(func(tx *bolt.Tx) error {
		readCounters(tx.Bucket(bucketCounters), kindBrand, func(name string, n int64) {
			if n > 0 {
				out = append(out, name)
			}
		})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("brands: %w", err)
	}
	slices.Sort(out)
	return out, nil
}
