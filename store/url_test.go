package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/earshot/earshot/internal/model"
)

func TestURLRoundTrip(t *testing.T) {
	tests := []struct {
		name, url, id string
		size          int // bytes appendURL writes: a header of 2 bytes once rest is 16 or longer
	}{
		{"empty", "", "rss:1", 1},
		{"https www", "https://www.trustpilot.example/reviews/5f2a", "trustpilot:5f2a", 2 + 31},
		{"https", "https://news.ycombinator.example/item?id=41000001", "hackernews:41000001", 2 + 41},
		{"http www", "http://www.shop.example/p/7", "shop:7", 2 + 16},
		{"http", "http://shop.example/p/7", "shop:7", 2 + 16},
		{"the ID's native part", "https://shop.example/product#review-7", "review_page:https://shop.example/product#review-7", 1},
		{"other scheme", "gemini://capsule.example/post", "gemini:post", 2 + 29},
		{"upper-case scheme stays raw", "HTTPS://WWW.SHOP.EXAMPLE/", "x:1", 2 + 25},
		{"ID without a colon", "https://www.a.example/", "https://www.a.example/", 1 + 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := appendURL(nil, tt.url, tt.id)
			if len(b) != tt.size {
				t.Errorf("appendURL(%q, %q) = %d bytes, want %d", tt.url, tt.id, len(b), tt.size)
			}
			r := reader{b: b, s: string(b)}
			if got := r.url(tt.id); got != tt.url || r.done("url") != nil {
				t.Errorf("url(appendURL(%q)) = %q, %v", tt.url, got, r.err)
			}
		})
	}
}

func TestURLRejectsBadCodes(t *testing.T) {
	tests := []struct {
		name string
		rec  []byte
		id   string
	}{
		{"unknown code 6", binary.AppendUvarint(nil, 6), "x:1"},
		{"unknown code 7", append(binary.AppendUvarint(nil, 2<<3|7), "ab"...), "x:1"},
		{"from ID with bytes", append(binary.AppendUvarint(nil, 2<<3|urlFromID), "ab"...), "x:1"},
		{"from an ID without a colon", binary.AppendUvarint(nil, urlFromID), "x1"},
		{"from an ID ending in its colon", binary.AppendUvarint(nil, urlFromID), "x:"},
		{"rest longer than the record", append(binary.AppendUvarint(nil, 9<<3|2), "ab"...), "x:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := reader{b: tt.rec, s: string(tt.rec)}
			if got := r.url(tt.id); r.done("url") == nil {
				t.Errorf("url(%x) = %q, want an error", tt.rec, got)
			} else if !errors.Is(r.err, ErrCorrupt) {
				t.Errorf("url(%x) error %v does not wrap ErrCorrupt", tt.rec, r.err)
			}
		})
	}
}

// TestDecodeRecordV7 reads a record written by the v7 encoder (URL stored
// whole): it decodes exactly and re-encodes shorter, to the same mention.
func TestDecodeRecordV7(t *testing.T) {
	rec, want := recordHexFixture(t, "record-v7.hex", recordV7), recordV4Sample()
	var got model.Mention
	if err := decodeMention(rec, testKey(want), &got, nil); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeMention(v7) =\n%+v, %v\nwant\n%+v", got, err, want)
	}
	again := encodeMention(nil, &got, nil, nil)
	if again[0] != recordCurrent || len(again) >= len(rec) {
		t.Errorf("re-encoded v7 record: version %d, %d bytes; want version %d, fewer than %d bytes", again[0], len(again), recordCurrent, len(rec))
	}
	var back model.Mention
	if err := decodeMention(again, testKey(want), &back, nil); err != nil || !reflect.DeepEqual(back, want) {
		t.Errorf("decode(re-encoded v7) =\n%+v, %v\nwant\n%+v", back, err, want)
	}
}

// TestSchema3FileMigrates: a file of schema 3 holding a v7 record is refused
// read-only until migrated; a read-write open moves it to the current schema, stores
// new mentions in the current layout and reads old and new ones.
func TestSchema3FileMigrates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v3.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	old := recordV4Sample()
	oldKey := appendMentionKey(nil, old.PublishedAt, 1)
	writeRaw(t, path, func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketMentions).Put(oldKey, recordHexFixture(t, "record-v7.hex", recordV7)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketIDs).Put([]byte(old.ID), appendIDValue(nil, oldKey)); err != nil {
			return err
		}
		return putVersion(tx, 3)
	})
	if _, err := Open(path, Options{ReadOnly: true}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only Open of a schema-3 file = %v, want ErrReadOnly (needs migrating)", err)
	}
	rw, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("Open of a schema-3 file: %v", err)
	}
	defer rw.Close()
	fresh := old
	fresh.ID, fresh.PublishedAt, fresh.FetchedAt = "trustpilot:88bb", old.PublishedAt.Add(time.Hour), old.FetchedAt.Add(time.Hour)
	if res, err := rw.PutMentions([]model.Mention{fresh}); err != nil || res.New != 1 {
		t.Fatalf("PutMentions = %+v, %v; want 1 new", res, err)
	}
	var version uint32
	var versions []byte
	_ = rw.bolt.View(func(tx *bolt.Tx) error {
		version, _ = schemaVersion(tx)
		return tx.Bucket(bucketMentions).ForEach(func(_, v []byte) error {
			versions = append(versions, v[0])
			return nil
		})
	})
	if want := uint32(len(migrations) + 1); version != want || !bytes.Equal(versions, []byte{recordV7, recordCurrent}) {
		t.Errorf("after migration: schema %d, record versions %v; want %d and [%d %d]", version, versions, want, recordV7, recordCurrent)
	}
	checkMentions(t, rw, old, fresh)
}
