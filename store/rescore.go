package store

import (
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/earshot/earshot/internal/model"
)

// SetAnalyses replaces the analysis of stored mentions, by id: scoring
// mentions stored unscored, or re-scoring after the engine's Version changes.
// Their rollups and Stats counters move from the old analysis to the new one
// in the same transaction. An unknown id fails the whole call with ErrNotFound
// and changes nothing. An id merged as a syndicated copy updates the mention
// it was merged into.
func (db *DB) SetAnalyses(byID map[string]*model.Analysis) error {
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	slices.Sort(ids) // a deterministic order, so a failure names the same id every time
	var w *writer
	bufs := db.getBufs()
	err := db.update(func(tx *bolt.Tx) error {
		w = newWriter(tx, &db.syn, bufs)
		for _, id := range ids {
			if err := w.setAnalysis(id, byID[id]); err != nil {
				return fmt.Errorf("mention %q: %w", id, err)
			}
		}
		return w.flush()
	})
	if w != nil {
		w.release(db) // the transaction has ended
	}
	if err != nil {
		return fmt.Errorf("set analyses: %w", err)
	}
	return nil
}

func (w *writer) setAnalysis(id string, a *model.Analysis) error {
	v := w.ids.Get(appendIDKey(nil, w.dict, id, false))
	if v == nil {
		return ErrNotFound
	}
	key, err := idValueKey(v)
	if err != nil {
		return err
	}
	key = w.alloc(func(b []byte) []byte { return append(b, key...) })
	rec := w.mentions.Get(key)
	if rec == nil {
		return fmt.Errorf("id index points at a missing record: %w", ErrCorrupt)
	}
	var m model.Mention
	if err := decodeMention(rec, key, &m, w.dict); err != nil {
		return err
	}
	w.tally(&m, -1)
	m.Analysis = a
	w.tally(&m, 1)
	return w.mentions.Put(key, w.alloc(func(b []byte) []byte { return encodeMention(b, &m, w.text, w.dict) }))
}
