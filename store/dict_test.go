package store

import (
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/earshot/earshot/internal/model"
)

// TestSchema2FileMigrates: a file written before interning (schema 2, a v4
// record, no strings bucket) is refused read-only until migrated; a
// read-write open moves it to the current schema, adds the bucket, stores new mentions
// interned and reads old and new ones, read-write and then read-only.
func TestSchema2FileMigrates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	old := recordV4Sample()
	writeRaw(t, path, func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketStrings); err != nil {
			return err
		}
		key := appendMentionKey(nil, old.PublishedAt, 1)
		if err := tx.Bucket(bucketMentions).Put(key, recordHexFixture(t, "record-v4.hex", recordV4)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketIDs).Put([]byte(old.ID), key); err != nil {
			return err
		}
		return putVersion(tx, 2)
	})
	if _, err := Open(path, Options{ReadOnly: true}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only Open of a schema-2 file = %v, want ErrReadOnly (needs migrating)", err)
	}

	rw, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("Open of a schema-2 file: %v", err)
	}
	fresh := old
	fresh.ID, fresh.PublishedAt, fresh.FetchedAt = "trustpilot:77aa", old.PublishedAt.Add(time.Hour), old.FetchedAt.Add(time.Hour)
	if res, err := rw.PutMentions([]model.Mention{fresh}); err != nil || res.New != 1 {
		t.Fatalf("PutMentions = %+v, %v; want 1 new", res, err)
	}
	var version uint32
	var interned int
	_ = rw.bolt.View(func(tx *bolt.Tx) error {
		version, _ = schemaVersion(tx)
		interned = tx.Bucket(bucketStrings).Stats().KeyN
		return nil
	})
	if want := uint32(len(migrations) + 1); version != want || interned == 0 {
		t.Errorf("after migration: schema %d, %d interned names; want %d and the new mention's names", version, interned, want)
	}
	checkMentions(t, rw, old, fresh)
	rw.Close()

	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only Open after migration: %v", err)
	}
	defer ro.Close()
	checkMentions(t, ro, old, fresh)
}

func checkMentions(t *testing.T, db *DB, want ...model.Mention) {
	t.Helper()
	for _, w := range want {
		if got, err := db.Mention(w.ID); err != nil || !reflect.DeepEqual(got, w) {
			t.Errorf("Mention(%q) =\n%+v, %v\nwant\n%+v", w.ID, got, err, w)
		}
	}
}

// writeRaw changes the bbolt file at path directly, as an older earshot might have left it.
func writeRaw(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := bdb.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestIDValue: ids values pack the sequence as a uvarint and unpack to the
// mention key; whole 16-byte keys (files written before) read as they are.
func TestIDValue(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 5, time.UTC)
	for _, seq := range []uint64{0, 1, 127, 128, 1 << 40, 1 << 49, 1<<56 - 1, 1 << 56, 1<<64 - 1} {
		key := appendMentionKey(nil, at, seq)
		v := appendIDValue(nil, key)
		if got, err := idValueKey(v); err != nil || string(got) != string(key) {
			t.Errorf("idValueKey(appendIDValue(seq %d)) = %x, %v; want %x", seq, got, err, key)
		}
		if seq < 1<<21 && len(v) > timeLen+3 {
			t.Errorf("ids value for seq %d is %d bytes, want at most %d", seq, len(v), timeLen+3)
		}
		if got, err := idValueKey(key); err != nil || string(got) != string(key) {
			t.Errorf("idValueKey(whole key, seq %d) = %x, %v; want it unchanged", seq, got, err)
		}
	}
	for name, v := range map[string][]byte{
		"empty": nil, "time only": make([]byte, timeLen), "bad varint": append(make([]byte, timeLen), 0xff),
		"trailing byte": append(appendIDValue(nil, appendMentionKey(nil, at, 3)), 0),
	} {
		if _, err := idValueKey(v); !errors.Is(err, ErrCorrupt) {
			t.Errorf("idValueKey(%s) = %v, want ErrCorrupt", name, err)
		}
	}
}
