package store

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/earshot/earshot/internal/model"
)

// Batch is everything one crawl pass writes: its mentions, the sources' new
// state and the run records. PutBatch writes it in one transaction.
type Batch struct {
	Mentions []model.Mention
	States   []model.SourceState
	Runs     []model.CrawlRun
}

// PutResult says what PutBatch did with each mention.
type PutResult struct {
	New        int // stored for the first time
	Duplicates int // id already stored (or already merged): nothing changed
	// Merged counts mentions whose text was already stored from another
	// source: the source was added to that mention's AlsoSeenIn instead.
	Merged int
	NewIDs []string // ids of the New mentions, in batch order
}

// PutMentions stores mentions with their indexes and rollups; see PutBatch.
func (db *DB) PutMentions(ms []model.Mention) (PutResult, error) {
	return db.PutBatch(Batch{Mentions: ms})
}

// PutBatch stores the batch in one bbolt transaction: new mentions, their
// index entries and rollup increments, syndication merges, source states and
// crawl runs. It is idempotent: a mention whose id is stored changes nothing.
// An invalid mention rejects the whole batch before anything is written.
func (db *DB) PutBatch(b Batch) (PutResult, error) {
	if err := validateBatch(&b); err != nil {
		return PutResult{}, fmt.Errorf("put batch: %w", err)
	}
	var w *writer
	db.syn.mu.Lock()
	defer db.syn.mu.Unlock()
	bufs := db.getBufs()
	err := db.update(func(tx *bolt.Tx) error {
		w = newWriter(tx, &db.syn, bufs)
		return w.batch(tx, &b)
	})
	if w != nil {
		defer w.release(db) // after commit or rollback; w.res and w.synAdded stay
	}
	if err != nil {
		return PutResult{}, fmt.Errorf("put batch: %w", err)
	}
	db.syn.commit(w.synAdded) // only now are the batch's texts on disk
	return w.res, nil
}

// duplicates marks the mentions whose id is stored already, or comes earlier
// in the batch: one ids lookup per mention, made before the syndication
// cache is sized (stored items must not widen it) and used by put.
func (w *writer) duplicates(ms []model.Mention) []bool {
	dup := make([]bool, len(ms))
	seen := make(map[string]struct{}, len(ms))
	for i := range ms {
		if _, again := seen[ms[i].ID]; again {
			dup[i] = true
			continue
		}
		seen[ms[i].ID] = struct{}{}
		dup[i] = w.ids.Get(w.idKey(ms[i].ID)) != nil
	}
	return dup
}

// batch writes everything in b inside tx.
func (w *writer) batch(tx *bolt.Tx, b *Batch) error {
	dup := w.duplicates(b.Mentions)
	if lo, hi, ok := batchSpan(b.Mentions, dup); ok {
		var sources []string
		readCounters(w.counters, kindSource, func(name string, _ int64) { sources = append(sources, name) })
		if err := w.syn.cover(w.bySource, w.dict, sources, lo, hi); err != nil {
			return err
		}
	}
	for i := range b.Mentions {
		if dup[i] {
			w.res.Duplicates++
			continue
		}
		if err := w.put(&b.Mentions[i]); err != nil {
			return fmt.Errorf("mention %q: %w", b.Mentions[i].ID, err)
		}
	}
	if err := w.flush(); err != nil {
		return err
	}
	if err := putStates(tx, b.States); err != nil {
		return err
	}
	return putRuns(tx, b.Runs)
}

func validateBatch(b *Batch) error {
	for i := range b.Mentions {
		if err := validateMention(&b.Mentions[i]); err != nil {
			return fmt.Errorf("mention %d (id %q): %w", i, b.Mentions[i].ID, err)
		}
	}
	for _, s := range b.States {
		if s.Source == "" || !validName(s.Source) {
			return fmt.Errorf("source state: source name %s: %w", nameProblem(s.Source), ErrInvalid)
		}
	}
	for _, r := range b.Runs {
		if r.Source == "" || !validName(r.Source) {
			return fmt.Errorf("crawl run: source name %s: %w", nameProblem(r.Source), ErrInvalid)
		}
	}
	return nil
}

func validateMention(m *model.Mention) error {
	first, last := model.PublishedRange()
	switch {
	case m.ID == "" || len(m.ID) > model.MaxIDBytes:
		return fmt.Errorf("id must be 1..%d bytes: %w", model.MaxIDBytes, ErrInvalid)
	case m.Source == "" || !validName(m.Source):
		return fmt.Errorf("source name %s: %w", nameProblem(m.Source), ErrInvalid)
	case m.PublishedAt.Before(first) || m.PublishedAt.After(last):
		return fmt.Errorf("published_at %s is missing or out of range: %w", m.PublishedAt.Format(time.RFC3339), ErrInvalid)
	}
	for _, brand := range m.Brands {
		if brand == "" || !validName(brand) {
			return fmt.Errorf("brand name %s: %w", nameProblem(brand), ErrInvalid)
		}
	}
	return nil
}

// nameProblem says what is wrong with a brand or source name validName refused.
func nameProblem(name string) string {
	if name == "" {
		return "is empty"
	}
	return fmt.Sprintf("%.40q... is %d bytes, more than the %d a name may have (a mapped column of text?)", name, len(name), maxName)
}
