package store_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/store"
)

func TestOpenLockedFileFailsFast(t *testing.T) {
	db := MustOpen(t)
	start := time.Now()
	_, err := store.Open(db.Path(), store.Options{Timeout: 50 * time.Millisecond})
	if !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second Open = %v, want ErrLocked", err)
	}
	for _, want := range []string{db.Path(), "in use by another earshot process", "--db"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if waited := time.Since(start); waited > 10*time.Second {
		t.Errorf("second Open waited %v for a 50ms lock timeout", waited)
	}
}

func TestOpenUnwritablePathNamesIt(t *testing.T) {
	dir := t.TempDir()
	for _, path := range []string{
		filepath.Join(dir, "missing", "earshot.db"),
		filepath.Join(dir, "file", "earshot.db"),
	} {
		if err := os.WriteFile(filepath.Join(dir, "file"), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := store.Open(path, store.Options{})
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("Open(%q) = %v, want an error naming the path", path, err)
		}
	}
}

func TestOpenRefusesNewerSchemaWithoutWriting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "earshot.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := store.SetSchemaVersion(path, 99); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	for _, ro := range []bool{false, true} {
		_, err := store.Open(path, store.Options{ReadOnly: ro})
		if !errors.Is(err, store.ErrNewerSchema) {
			t.Errorf("Open(readOnly=%v) of a version-99 file = %v, want ErrNewerSchema", ro, err)
		}
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("refused file was rewritten")
	}
}

func TestMigrationHookRunsOnceInOrder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "earshot.db")
	db, err := store.OpenWithMigrations(path, store.Options{}, nil) // version 1
	if err != nil {
		t.Fatal(err)
	}
	mustPut(t, db, []model.Mention{{ID: "m1", Source: "rss", Brands: []string{"acme"}, Text: "hello", PublishedAt: base}})
	db.Close()

	var ran []string
	migs := []func(tx *bolt.Tx) error{
		func(tx *bolt.Tx) error { ran = append(ran, "1->2"); return nil },
		func(tx *bolt.Tx) error { ran = append(ran, "2->3"); return nil },
		func(tx *bolt.Tx) error { ran = append(ran, "3->4"); return nil },
		func(tx *bolt.Tx) error { ran = append(ran, "4->5"); return nil },
		func(tx *bolt.Tx) error { ran = append(ran, "5->6"); return nil },
		func(tx *bolt.Tx) error { ran = append(ran, "6->7"); return nil },
		func(tx *bolt.Tx) error {
			ran = append(ran, "7->8")
			_, err := tx.CreateBucket([]byte("added_by_v8"))
			return err
		},
	}
	for range 2 { // the second open finds version 8 and runs nothing
		db, err := store.OpenWithMigrations(path, store.Options{}, migs)
		if err != nil {
			t.Fatalf("OpenWithMigrations: %v", err)
		}
		if _, err := db.Mention("m1"); err != nil {
			t.Errorf("Mention after migration: %v", err)
		}
		db.Close()
	}
	if got := strings.Join(ran, ","); got != "1->2,2->3,3->4,4->5,5->6,6->7,7->8" {
		t.Errorf("migrations ran %q, want %q", got, "1->2,2->3,3->4,4->5,5->6,6->7,7->8")
	}
	if _, err := store.Open(path, store.Options{}); !errors.Is(err, store.ErrNewerSchema) {
		t.Errorf("Open with the v7 code after migrating to v8 = %v, want ErrNewerSchema", err)
	}
}

// TestMigrationMovesTextHashesIntoSourceIndex opens a schema-1 file (text
// hashes in their own syndic bucket): the migration moves them into the
// by_source values, so syndication still finds the stored texts.
func TestMigrationMovesTextHashesIntoSourceIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "earshot.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := &gen{reviews: loadReviews(t)}
	stored := g.mentions(50, base, time.Minute, 300)
	mustPut(t, db, stored)
	db.Close()
	if err := store.DowngradeToSchema1(path); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Open(path, store.Options{ReadOnly: true}); !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("read-only Open of a schema-1 file = %v, want ErrReadOnly (needs migrating)", err)
	}
	if db, err = store.Open(path, store.Options{}); err != nil {
		t.Fatalf("Open of a schema-1 file: %v", err)
	}
	defer db.Close()
	if store.HasBucket(db, "syndic") {
		t.Error("the syndic bucket survived the migration")
	}
	copies := make([]model.Mention, 0, len(stored))
	for i, m := range stored {
		m.ID, m.Source = fmt.Sprintf("copy:%d", i), "copies"
		copies = append(copies, m)
	}
	if res := mustPut(t, db, copies); res.Merged != len(copies) {
		t.Errorf("put of %d copies of migrated texts = %+v, want all merged", len(copies), res)
	}
	for _, source := range genSources {
		p, err := db.Mentions(store.Query{Source: source})
		if err != nil {
			t.Fatalf("Mentions(source %s): %v", source, err)
		}
		for _, m := range p.Mentions {
			if m.Source != source {
				t.Errorf("Mentions(source %s) returned %s from %s", source, m.ID, m.Source)
			}
		}
	}
}

func TestFailedMigrationLeavesFileAtOldVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "earshot.db")
	db, err := store.OpenWithMigrations(path, store.Options{}, nil) // version 1
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	boom := errors.New("boom")
	migs := []func(tx *bolt.Tx) error{func(tx *bolt.Tx) error { return boom }}
	if _, err := store.OpenWithMigrations(path, store.Options{}, migs); !errors.Is(err, boom) {
		t.Fatalf("OpenWithMigrations = %v, want the migration's error", err)
	}
	db, err = store.OpenWithMigrations(path, store.Options{}, nil)
	if err != nil {
		t.Fatalf("Open at the old version after a failed migration: %v", err)
	}
	db.Close()
}

func TestReadOnlyRefusesWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "earshot.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	ro, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	_, err = ro.PutMentions([]model.Mention{{ID: "m1", Source: "rss", Text: "x", PublishedAt: base}})
	if !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("PutMentions on a read-only store = %v, want ErrReadOnly", err)
	}
	if err := ro.PutAlertState(model.AlertState{Key: "k"}); !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("PutAlertState on a read-only store = %v, want ErrReadOnly", err)
	}
	if _, err := ro.Stats(); err != nil {
		t.Errorf("Stats on a read-only store: %v", err)
	}
}

func TestOpenRefusesForeignBoltFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "other.db")
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("theirs")); return err }); err != nil {
		t.Fatal(err)
	}
	bdb.Close()
	if _, err := store.Open(path, store.Options{}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Open of another program's bbolt file = %v, want ErrInvalid", err)
	}
}

// TestOpenKeepsAnExistingFilesPageSize: files made before new files got
// 8 KiB pages (or by another bbolt) keep their 4 KiB pages and work.
func TestOpenKeepsAnExistingFilesPageSize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "earshot.db")
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{PageSize: 4096})
	if err != nil {
		t.Fatal(err)
	}
	bdb.Close()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatalf("Open of a 4 KiB-page file: %v", err)
	}
	g := &gen{reviews: loadReviews(t)}
	ms := g.mentions(200, base, time.Minute, 450)
	if res := mustPut(t, db, ms); res.New != len(ms) {
		t.Errorf("PutMentions = %+v, want %d new", res, len(ms))
	}
	db.Close()
	bdb, err = bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	if got := bdb.Info().PageSize; got != 4096 {
		t.Errorf("page size after Open and Put = %d, want the file's 4096", got)
	}
}

func TestOpenMakesNewFilesWith8KiBPages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "earshot.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	if got := bdb.Info().PageSize; got != 8192 {
		t.Errorf("page size of a new file = %d, want 8192", got)
	}
}
