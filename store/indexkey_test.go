package store_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/store"
)

// indexedIDs returns the ids a brand or source query finds, oldest first.
func indexedIDs(t *testing.T, db *store.DB, q store.Query) []string {
	t.Helper()
	var ids []string
	if err := db.EachMention(q, func(m *model.Mention) error { ids = append(ids, m.ID); return nil }); err != nil {
		t.Fatalf("EachMention(%+v): %v", q, err)
	}
	return ids
}

// TestIndexNamesMigrate: a schema-4 file (index keys with spelt names)
// migrates to interned index keys, and every brand and source query finds
// exactly what it found before, including a brand too long to intern, whose
// keys stay spelt out; new mentions are found alongside the migrated ones.
func TestIndexNamesMigrate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "earshot.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := &gen{reviews: loadReviews(t)}
	stored := g.mentions(120, base, time.Minute, 200)
	long := strings.Repeat("a very long brand name ", 4) // past the interning limit
	stored[7].Brands = append(stored[7].Brands, long)
	mustPut(t, db, stored)
	queries := []store.Query{{Brand: long}, {Brand: "nobody"}, {Source: "nowhere"}}
	for _, b := range genBrands {
		queries = append(queries, store.Query{Brand: b}, store.Query{Brand: b, Since: base.Add(time.Hour), Desc: true})
	}
	for _, s := range genSources {
		queries = append(queries, store.Query{Source: s})
	}
	before := make([][]string, len(queries))
	for i, q := range queries {
		before[i] = indexedIDs(t, db, q)
	}
	db.Close()
	if err := store.SpellIndexKeys(path); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Open(path, store.Options{ReadOnly: true}); !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("read-only Open of a schema-4 file = %v, want ErrReadOnly (needs migrating)", err)
	}
	if db, err = store.Open(path, store.Options{}); err != nil {
		t.Fatalf("Open of a schema-4 file: %v", err)
	}
	defer db.Close()
	for i, q := range queries {
		if got := indexedIDs(t, db, q); !slices.Equal(got, before[i]) {
			t.Errorf("after migration, query %+v = %v, want %v", q, got, before[i])
		}
	}
	if got := indexedIDs(t, db, store.Query{Brand: long}); len(got) != 1 || got[0] != stored[7].ID {
		t.Errorf("query of the long brand = %v, want [%s]", got, stored[7].ID)
	}
	fresh := g.mentions(1, base.Add(48*time.Hour), time.Minute, 200)
	fresh[0].Brands = []string{long}
	mustPut(t, db, fresh)
	if got := indexedIDs(t, db, store.Query{Brand: long}); fmt.Sprint(got) != fmt.Sprint([]string{stored[7].ID, fresh[0].ID}) {
		t.Errorf("query of the long brand after a new put = %v, want [%s %s]", got, stored[7].ID, fresh[0].ID)
	}
}

// TestIDKeysThroughTheAPI: IDs of every key form are stored, found and
// deduplicated.
func TestIDKeysThroughTheAPI(t *testing.T) {
	db := MustOpen(t)
	g := &gen{reviews: loadReviews(t)}
	ms := g.mentions(4, base, time.Minute, 200)
	for i, id := range []string{"reddit:t1_zz", "\x00\x01t1_zz", "12345", "https://shop.example/p#review-1"} {
		ms[i].ID = id
	}
	if res := mustPut(t, db, ms); res.New != len(ms) {
		t.Fatalf("PutMentions = %+v, want %d new", res, len(ms))
	}
	if res := mustPut(t, db, ms); res.Duplicates != len(ms) {
		t.Errorf("second PutMentions = %+v, want %d duplicates", res, len(ms))
	}
	for _, m := range ms {
		if got, err := db.Mention(m.ID); err != nil || got.ID != m.ID || got.Text != m.Text {
			t.Errorf("Mention(%q) = %q, %v", m.ID, got.ID, err)
		}
	}
	if ok, err := db.HasMention("reddit:t1_"); ok || err != nil {
		t.Errorf("HasMention(a prefix of a stored id) = %v, %v; want false", ok, err)
	}
}
