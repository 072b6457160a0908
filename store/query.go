package store

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/earshot/earshot/internal/model"
)

// Page sizes for Mentions.
const (
	DefaultLimit = 100
	MaxLimit     = 10000
)

// Query selects mentions. Zero fields do not filter. Since is inclusive and
// Until exclusive (both on PublishedAt); Source matches the first-seen source
// only (not AlsoSeenIn), like the per-source rollups; Label matches scored
// mentions only; Text is a case-insensitive substring of the text or title.
type Query struct {
	Brand, Source, Lang string
	Label               model.Label
	Text                string
	Since, Until        time.Time
	Limit               int    // Mentions: page size (DefaultLimit when <= 0, at most MaxLimit); EachMention: 0 = all
	Cursor              string // Page.Next of the previous page
	Desc                bool   // newest first
}

// Page is one page of Mentions. Next is "" on the last page.
type Page struct {
	Mentions []model.Mention
	Next     string
}

// errStop ends a scan early without error.
var errStop = errors.New("stop")

// Mention returns the mention stored under id. For an id that was merged as a
// syndicated copy it returns the mention it was merged into.
func (db *DB) Mention(id string) (model.Mention, error) {
	var m model.Mention
	err := db.bolt.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketIDs).Get(appendIDKey(nil, txDict(tx), id, false))
		if v == nil {
			return ErrNotFound
		}
		key, err := idValueKey(v)
		if err != nil {
			return err
		}
		rec := tx.Bucket(bucketMentions).Get(key)
		if rec == nil {
			return fmt.Errorf("id index points at a missing record: %w", ErrCorrupt)
		}
		return decodeMention(rec, key, &m, txDict(tx))
	})
	if err != nil {
		return model.Mention{}, fmt.Errorf("mention %q: %w", id, err)
	}
	return m, nil
}

// HasMention reports whether id is stored (directly or merged into another mention).
func (db *DB) HasMention(id string) (bool, error) {
	var ok bool
	err := db.bolt.View(func(tx *bolt.Tx) error {
		ok = tx.Bucket(bucketIDs).Get(appendIDKey(nil, txDict(tx), id, false)) != nil
		return nil
	})
	return ok, err
}

// Mentions returns one page of mentions matching q in PublishedAt order.
func (db *DB) Mentions(q Query) (Page, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	var page Page
	var last [mkeyLen]byte // key of the last mention on the page: the next page starts after it
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return scan(tx, q, func(key []byte, m *model.Mention) error {
			if len(page.Mentions) == limit {
				page.Next = encodeCursor(last[:])
				return errStop
			}
			page.Mentions = append(page.Mentions, *m)
			copy(last[:], key)
			return nil
		})
	})
	if err != nil {
		return Page{}, fmt.Errorf("query mentions: %w", err)
	}
	return page, nil
}

// EachMention calls fn for every mention matching q, in PublishedAt order
// (newest first with Desc), inside one read transaction. fn must not keep the
// pointer (the struct is reused; its strings and slices are safe to keep). An
// error from fn stops the scan and is returned.
func (db *DB) EachMention(q Query, fn func(*model.Mention) error) error {
	n := 0
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return scan(tx, q, func(_ []byte, m *model.Mention) error {
			if q.Limit > 0 && n == q.Limit {
				return errStop
			}
			n++
			return fn(m)
		})
	})
	if err != nil {
		return fmt.Errorf("each mention: %w", err)
	}
	return nil
}

func encodeCursor(key []byte) string { return base64.RawURLEncoding.EncodeToString(key) }

func decodeCursor(s string) ([]byte, error) {
	k, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(k) != mkeyLen {
		return nil, fmt.Errorf("cursor %q is not one this store issued: %w", s, ErrInvalid)
	}
	return k, nil
}

// matches applies the filters that the chosen index does not.
func (q *Query) matches(m *model.Mention, lowerText string) bool {
	switch {
	case q.Source != "" && m.Source != q.Source:
		return false
	case q.Lang != "" && mentionLang(m) != q.Lang:
		return false
	case q.Label != "" && (m.Analysis == nil || !m.Analysis.Scored || m.Analysis.Label != q.Label):
		return false
	case lowerText != "":
		return strings.Contains(strings.ToLower(m.Text), lowerText) || strings.Contains(strings.ToLower(m.Title), lowerText)
	}
	return true
}
