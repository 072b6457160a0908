package store

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/model"
)

// A quiet feed returns the same old items every pass. Re-putting them
// (duplicates, nothing written) must not widen the syndication cache to
// their date range, which made it reload on every pass, alternating with
// busier sources, under the write lock.
func TestDuplicatesDoNotWidenTheSyndicationCache(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "s.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	text := func(i int) string {
		return fmt.Sprintf("Review %d: %s", i, strings.Repeat("the parcel came late and the box was crushed ", 3))
	}
	var quiet []model.Mention // one a week for ten weeks
	for i := range 10 {
		quiet = append(quiet, model.Mention{ID: fmt.Sprintf("feed:%d", i), Source: "quiet", Brands: []string{"acme"},
			Text: text(i), PublishedAt: now.Add(-time.Duration(i) * 7 * 24 * time.Hour)})
	}
	if _, err := db.PutMentions(quiet); err != nil {
		t.Fatal(err)
	}
	busy := []model.Mention{{ID: "busy:1", Source: "busy", Brands: []string{"acme"}, Text: text(100), PublishedAt: now}}
	if _, err := db.PutMentions(busy); err != nil {
		t.Fatal(err)
	}
	from, to := db.syn.from, db.syn.to
	res, err := db.PutMentions(quiet) // the same items again: all duplicates
	if err != nil || res.Duplicates != len(quiet) {
		t.Fatalf("re-put = %+v, %v", res, err)
	}
	if db.syn.from != from || db.syn.to != to {
		t.Errorf("re-putting stored items moved the cache from [%v, %v) to [%v, %v)",
			keyTime(from), keyTime(to), keyTime(db.syn.from), keyTime(db.syn.to))
	}
}
