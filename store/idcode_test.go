package store

import (
	"encoding/binary"
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/earshot/earshot/internal/model"
)

func TestIDPrefixLen(t *testing.T) {
	tests := []struct {
		id   string
		want int
	}{
		{"reddit:t1_abc", 7}, {"trustpilot:5f2a", 11}, {"app_store-2:42", 12}, {"rss:https://a.example/x", 4},
		{"", 0}, {"noprefix", 0}, {":x", 1}, {"Reddit:1", 0}, {"2024:x", 0}, {"a b:c", 0},
		{"https://a.example/x", 6}, // a URL as ID: its scheme is a word too
		{"abcdefghijklmnopqrstuvwxy:1", 0},
	}
	for _, tt := range tests {
		if got := idPrefixLen(tt.id); got != tt.want {
			t.Errorf("idPrefixLen(%q) = %d, want %d", tt.id, got, tt.want)
		}
	}
}

// TestIDRoundTrip: a "type:" prefix is interned and the rest spelt out;
// other IDs, and any ID without a dict, are spelt out whole.
func TestIDRoundTrip(t *testing.T) {
	bdb, err := bolt.Open(filepath.Join(t.TempDir(), "ids.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	tx, err := bdb.Begin(true)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.CreateBucket(bucketStrings); err != nil {
		t.Fatal(err)
	}
	d := txDict(tx)
	tests := []struct {
		name, id string
		d        *dict
		size     int
	}{
		{"interned prefix", "r:1", d, 3},
		{"prefix interned again", "r:22", d, 4},
		{"no dict", "r:1", nil, 4},
		{"no prefix", "12345", d, 6},
		{"empty", "", d, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := appendID(nil, tt.d, tt.id)
			if len(b) != tt.size {
				t.Errorf("appendID(%q) = %x, want %d bytes", tt.id, b, tt.size)
			}
			r := reader{b: b, s: string(b), dict: tt.d}
			if got := r.id(); got != tt.id || r.done("id") != nil {
				t.Errorf("id(appendID(%q)) = %q, %v", tt.id, got, r.err)
			}
		})
	}
}

func TestIDRejectsUnknownPrefix(t *testing.T) {
	rec := append(binary.AppendUvarint(nil, 9<<1|1), 1, '1')
	r := reader{b: rec, s: string(rec), dict: fuzzDict()}
	if got := r.id(); r.done("id") == nil || !errors.Is(r.err, ErrCorrupt) {
		t.Errorf("id(prefix id 9 of 4) = %q, %v; want ErrCorrupt", got, r.err)
	}
}

// TestDecodeRecordV8 reads a record written by the v8 encoder (ID stored
// whole): it decodes exactly, and the current layout reads back the same.
func TestDecodeRecordV8(t *testing.T) {
	rec, want := recordHexFixture(t, "record-v8.hex", recordV8), recordV4Sample()
	var got model.Mention
	if err := decodeMention(rec, testKey(want), &got, nil); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeMention(v8) =\n%+v, %v\nwant\n%+v", got, err, want)
	}
	again := encodeMention(nil, &got, nil, nil)
	var back model.Mention
	if err := decodeMention(again, testKey(want), &back, nil); again[0] != recordCurrent || err != nil || !reflect.DeepEqual(back, want) {
		t.Errorf("decode(re-encoded v8, version %d) =\n%+v, %v\nwant\n%+v", again[0], back, err, want)
	}
}

// TestIDKeys: IDs with a "type:" prefix get it as an interned id, others
// keep their bytes, escaped when they start with 0x00, so no two IDs share
// a key; readers that cannot intern find the writers' keys.
func TestIDKeys(t *testing.T) {
	bdb, err := bolt.Open(filepath.Join(t.TempDir(), "idkeys.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	tx, err := bdb.Begin(true)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.CreateBucket(bucketStrings); err != nil {
		t.Fatal(err)
	}
	d := txDict(tx)
	tests := []struct{ id, want string }{
		{"reddit:t1_abc", "\x00\x01t1_abc"},
		{"hackernews:41000001", "\x00\x0241000001"},
		{"reddit:x", "\x00\x01x"},
		{"12345", "12345"},
		{"\x00\x01t1_abc", "\x00\x00\x00\x01t1_abc"},
		{"Reddit:x", "Reddit:x"},
	}
	seen := map[string]string{}
	for _, tt := range tests {
		got := string(appendIDKey(nil, d, tt.id, true))
		if got != tt.want {
			t.Errorf("appendIDKey(%q) = %q, want %q", tt.id, got, tt.want)
		}
		if read := string(appendIDKey(nil, d, tt.id, false)); read != got {
			t.Errorf("reader's appendIDKey(%q) = %q, writer's %q", tt.id, read, got)
		}
		if other, dup := seen[got]; dup {
			t.Errorf("IDs %q and %q share key %q", tt.id, other, got)
		}
		seen[got] = tt.id
	}
}
