package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/earshot/earshot/internal/model"
)

// MaxRunsPerSource bounds the crawl runs kept per source; older runs are dropped
// when new ones are stored.
const MaxRunsPerSource = 1000

// SourceState returns the stored state of a source, or the zero state with
// Source set when none is stored.
func (db *DB) SourceState(name string) (model.SourceState, error) {
	s := model.SourceState{Source: name}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketStates).Get([]byte(name))
		if v == nil {
			return nil
		}
		return unmarshal(v, &s)
	})
	if err != nil {
		return model.SourceState{}, fmt.Errorf("source state %s: %w", name, err)
	}
	return s, nil
}

// SourceStates returns every stored source state, by source name.
func (db *DB) SourceStates() ([]model.SourceState, error) {
	var out []model.SourceState
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketStates).ForEach(func(_, v []byte) error {
			var s model.SourceState
			if err := unmarshal(v, &s); err != nil {
				return err
			}
			out = append(out, s)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("source states: %w", err)
	}
	return out, nil
}

// PutSourceState stores the state of one source.
func (db *DB) PutSourceState(s model.SourceState) error {
	_, err := db.PutBatch(Batch{States: []model.SourceState{s}})
	return err
}

// CrawlRuns returns the runs of source (all sources when "") that started in
// [from, to), oldest first. A zero to means no upper bound.
func (db *DB) CrawlRuns(source string, from, to time.Time) ([]model.CrawlRun, error) {
	var out []model.CrawlRun
	err := db.bolt.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketRuns).Cursor()
		var prefix []byte
		if source != "" {
			prefix = appendName(nil, source)
		}
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var r model.CrawlRun
			if err := unmarshal(v, &r); err != nil {
				return err
			}
			if !r.Started.Before(from) && (to.IsZero() || r.Started.Before(to)) {
				out = append(out, r)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("crawl runs %s: %w", source, err)
	}
	slices.SortStableFunc(out, func(a, b model.CrawlRun) int { return a.Started.Compare(b.Started) })
	return out, nil
}

func putStates(tx *bolt.Tx, states []model.SourceState) error {
	b := tx.Bucket(bucketStates)
	for _, s := range states {
		v, err := json.Marshal(s)
		if err != nil {
			return fmt.Errorf("source state %s: %w", s.Source, err)
		}
		if err := b.Put([]byte(s.Source), v); err != nil {
			return fmt.Errorf("source state %s: %w", s.Source, err)
		}
	}
	return nil
}

// putRuns stores runs under len|source|started|seq and trims each touched
// source to MaxRunsPerSource.
func putRuns(tx *bolt.Tx, runs []model.CrawlRun) error {
	b := tx.Bucket(bucketRuns)
	b.FillPercent = fillIndex
	touched := map[string]bool{}
	for _, r := range runs {
		v, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("crawl run %s: %w", r.Source, err)
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		k := binary.BigEndian.AppendUint64(appendTime(appendName(nil, r.Source), r.Started), seq)
		if err := b.Put(k, v); err != nil {
			return fmt.Errorf("crawl run %s: %w", r.Source, err)
		}
		touched[r.Source] = true
	}
	for source := range touched {
		if err := trimRuns(b, appendName(nil, source)); err != nil {
			return err
		}
	}
	return nil
}

func trimRuns(b *bolt.Bucket, prefix []byte) error {
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, append([]byte(nil), k...)) // k is only valid until the tree changes
	}
	for _, k := range keys[:max(0, len(keys)-MaxRunsPerSource)] {
		if err := b.Delete(k); err != nil {
			return fmt.Errorf("trim crawl runs: %w", err)
		}
	}
	return nil
}

// unmarshal decodes a JSON record, marking a failure as corruption.
func unmarshal(v []byte, dst any) error {
	if err := json.Unmarshal(v, dst); err != nil {
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return nil
}
