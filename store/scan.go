package store

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/earshot/earshot/internal/model"
)

// plan is the key range a query walks: every key in [lo, hi) that starts with
// prefix, in one bucket whose keys end with the 16-byte mention key.
type plan struct {
	bucket  *bolt.Bucket
	prefix  []byte
	lo, hi  []byte // hi nil: up to the end of the prefix
	indexed bool   // keys are index entries; the record is in mentions
}

// newPlan picks the narrowest index for q: brand, else source, else the
// time-ordered mentions bucket itself.
func newPlan(tx *bolt.Tx, q *Query) (plan, error) {
	p := plan{bucket: tx.Bucket(bucketMentions)}
	switch {
	case q.Brand != "":
		p = plan{bucket: tx.Bucket(bucketByBrand), prefix: appendIndexName(nil, txDict(tx), q.Brand, false), indexed: true}
	case q.Source != "":
		p = plan{bucket: tx.Bucket(bucketBySource), prefix: appendIndexName(nil, txDict(tx), q.Source, false), indexed: true}
	}
	p.lo = appendTime(bytes.Clone(p.prefix), q.Since)
	if !q.Until.IsZero() {
		p.hi = appendTime(bytes.Clone(p.prefix), q.Until)
	} else if len(p.prefix) > 0 {
		p.hi = afterKey(p.prefix)
	}
	if q.Cursor == "" {
		return p, nil
	}
	return p, p.resume(q.Cursor, q.Desc)
}

// resume narrows the range to the keys strictly after the cursor's mention
// (strictly before it when scanning newest first).
func (p *plan) resume(cursor string, desc bool) error {
	ck, err := decodeCursor(cursor)
	if err != nil {
		return err
	}
	at := append(bytes.Clone(p.prefix), ck...)
	if desc {
		if p.hi == nil || bytes.Compare(at, p.hi) < 0 {
			p.hi = at
		}
	} else if after := append(at, 0); bytes.Compare(after, p.lo) > 0 {
		p.lo = after
	}
	return nil
}

// scan decodes every mention in q's range that passes its filters and calls
// fn with its 16-byte mention key. fn returning errStop ends the scan cleanly.
func scan(tx *bolt.Tx, q Query, fn func(key []byte, m *model.Mention) error) error {
	p, err := newPlan(tx, &q)
	if err != nil {
		return err
	}
	records := follower{c: tx.Bucket(bucketMentions).Cursor(), desc: q.Desc}
	lowerText := strings.ToLower(q.Text)
	var m model.Mention
	var arena decodeArena
	d := txDict(tx)
	err = p.walk(q.Desc, func(k, v []byte) error {
		key := k[len(p.prefix):]
		if p.indexed {
			if v = records.get(key); v == nil {
				return fmt.Errorf("index entry without a record: %w", ErrCorrupt)
			}
		}
		if err := decodeMentionIn(v, key, &m, d, &arena); err != nil {
			return err
		}
		if !q.matches(&m, lowerText) {
			return nil
		}
		return fn(key, &m)
	})
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

// walk visits the plan's keys in order (or reverse order).
func (p *plan) walk(desc bool, fn func(k, v []byte) error) error {
	c := p.bucket.Cursor()
	inRange := func(k []byte) bool {
		return k != nil && bytes.HasPrefix(k, p.prefix) && bytes.Compare(k, p.lo) >= 0 &&
			(p.hi == nil || bytes.Compare(k, p.hi) < 0)
	}
	k, v := c.Seek(p.lo)
	if desc {
		k, v = p.last(c)
	}
	for ; inRange(k); k, v = step(c, desc) {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

// last positions c on the greatest key below hi.
func (p *plan) last(c *bolt.Cursor) ([]byte, []byte) {
	if p.hi == nil {
		return c.Last()
	}
	if k, _ := c.Seek(p.hi); k == nil {
		return c.Last()
	}
	return c.Prev()
}

func step(c *bolt.Cursor, desc bool) ([]byte, []byte) {
	if desc {
		return c.Prev()
	}
	return c.Next()
}

// follower fetches records for index entries that arrive in key order. A
// brand's mentions are often near each other, so it first steps the cursor a
// few records in the scan's direction and only seeks (a walk from the root)
// when the next record is further away.
type follower struct {
	c    *bolt.Cursor
	k, v []byte
	desc bool
}

const followSteps = 4

func (f *follower) get(key []byte) []byte {
	for i := 0; i < followSteps && f.k != nil && !f.past(key); i++ {
		if bytes.Equal(f.k, key) {
			return f.v
		}
		f.k, f.v = step(f.c, f.desc)
	}
	if f.k, f.v = f.c.Seek(key); !bytes.Equal(f.k, key) {
		return nil
	}
	return f.v
}

// past reports whether the cursor has moved beyond key in the scan's direction.
func (f *follower) past(key []byte) bool {
	cmp := bytes.Compare(f.k, key)
	return cmp != 0 && (cmp < 0) == f.desc
}
