package store_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/store"
)

func TestStatsCountsStoredMentions(t *testing.T) {
	db := MustOpen(t)
	ms := []model.Mention{
		{ID: "1", Source: "rss", Brands: []string{"acme", "globex"}, Lang: "en", Text: "a", PublishedAt: base,
			Analysis: &model.Analysis{Scored: true, Label: model.Positive}},
		{ID: "2", Source: "rss", Brands: []string{"acme"}, Text: "b", PublishedAt: base.Add(time.Hour),
			Analysis: &model.Analysis{Lang: "hy", Scored: false, Label: model.Neutral}},
		{ID: "3", Source: "reddit", Brands: []string{"acme"}, Lang: "en", Text: "c", PublishedAt: base.Add(-time.Hour)},
	}
	mustPut(t, db, ms)
	got, err := db.Stats()
	if err != nil {
		t.Fatal(err)
	}
	want := store.Stats{
		Mentions: 3, ByBrand: map[string]int{"acme": 3, "globex": 1}, BySource: map[string]int{"rss": 2, "reddit": 1},
		ByLabel: map[string]int{"positive": 1}, ByLang: map[string]int{"en": 2, "hy": 1}, Unscored: 2,
		FileBytes: got.FileBytes, Oldest: base.Add(-time.Hour), Newest: base.Add(time.Hour),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Stats() =\n%+v\nwant\n%+v", got, want)
	}
	if got.FileBytes <= 0 {
		t.Errorf("Stats().FileBytes = %d, want the file size", got.FileBytes)
	}
}

func TestCorruptRecordIsAnErrorNotAPanic(t *testing.T) {
	db := MustOpen(t)
	g := &gen{reviews: loadReviews(t)}
	ms := g.mentions(10, base, time.Minute, 200)
	mustPut(t, db, ms)
	for _, raw := range [][]byte{{}, {1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, []byte(`{"id":"json"}`)} {
		if err := store.CorruptMention(db, ms[4].ID, raw); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Mention(ms[4].ID); !errors.Is(err, store.ErrCorrupt) {
			t.Errorf("Mention of a corrupt record %q = %v, want ErrCorrupt", raw, err)
		}
		n := 0
		err := db.EachMention(store.Query{}, func(*model.Mention) error { n++; return nil })
		if !errors.Is(err, store.ErrCorrupt) || n != 4 {
			t.Errorf("EachMention over a corrupt record = %v after %d mentions, want ErrCorrupt after 4", err, n)
		}
		if _, err := db.Mention(ms[5].ID); err != nil {
			t.Errorf("Mention of an intact record next to a corrupt one: %v", err)
		}
	}
}
