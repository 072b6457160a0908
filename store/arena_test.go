package store_test

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/store"
)

// Mentions decoded by a scan share memory chunks (the decode arena); what
// fn keeps must still be safe to keep: equal to what was stored after the
// store is closed (nothing points into its memory map), and a kept slice
// grown by its keeper must not write into another mention's.
func TestScannedMentionsAreSafeToKeep(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keep.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := &gen{reviews: loadReviews(t)}
	var want []model.Mention
	for i := range 300 {
		m := g.mention(i, base.Add(time.Duration(i)*time.Minute), 450)
		if i%3 == 0 {
			m.Title = "A short title"
			m.URL = "https://www.example.com/reviews/" + m.ID
		}
		want = append(want, m)
	}
	if _, err := db.PutMentions(want); err != nil {
		t.Fatal(err)
	}
	var kept []model.Mention
	if err := db.EachMention(store.Query{}, func(m *model.Mention) error {
		kept = append(kept, *m)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if len(kept) != len(want) {
		t.Fatalf("scan returned %d mentions, want %d", len(kept), len(want))
	}
	for i := range kept {
		kept[i].Brands = append(kept[i].Brands, "grown")
	}
	for i := range kept {
		got, w := kept[i], want[i]
		got.Brands = got.Brands[:len(got.Brands)-1]
		got.FetchedAt, w.FetchedAt = time.Time{}, time.Time{}
		got.Analysis, w.Analysis = nil, nil
		if !reflect.DeepEqual(got, w) {
			t.Fatalf("mention %d kept after the scan and Close:\n got %+v\nwant %+v", i, got, w)
		}
		if kept[i].Analysis == nil || kept[i].Analysis.Label != want[i].Analysis.Label {
			t.Fatalf("mention %d lost its analysis: %+v", i, kept[i].Analysis)
		}
	}
}
