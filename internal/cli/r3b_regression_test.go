package cli_test

import (
	"bytes"
	"errors"
	"io"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/mentionio"
	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/store"
)

func f64(v float64) *float64 { return &v }

func TestHostileStoreRoundTrip(t *testing.T) {
	at := time.Date(2026, 11, 23, 10, 0, 0, 123456789, time.UTC)
	an := &model.Analysis{Version: "v3", Lang: "en", Scored: true, Score: -0.25, Label: model.Negative, Confidence: 0.5, Urgency: 1,
		Aspects: []model.AspectScore{{Aspect: "price", Score: -0.5}}}
	ms := []model.Mention{
		{ID: "\x00weird", Source: "blog", Brands: []string{"Acme"}, Text: "nul \x00 inside", PublishedAt: at, Analysis: an},
		{ID: "rss:", Source: "blog", Text: "prefix only id", PublishedAt: at.Add(1), Analysis: an},
		{ID: "RSS:Upper", Source: strings.Repeat("s", 65), Text: "upper prefix", PublishedAt: at.Add(2), Analysis: an},
		{ID: ":colon", Source: "blog", Brands: []string{strings.Repeat("b", 1024)}, Text: "colon id", PublishedAt: at.Add(3), Analysis: an},
		{ID: "rss:2", Source: "blog", Brands: []string{"Acme", "Beta"}, URL: "https://example.com/rss:2", Author: "Zoë", Title: "t", Text: "Ünïcode ✓ \u2028 ok", Lang: "de", Rating: f64(0), PublishedAt: time.Unix(0, 0).UTC(), Analysis: an},
		{ID: "rss:3", Source: "blog", Text: "end of time", Rating: f64(5), PublishedAt: time.Unix(0, math.MaxInt64).UTC(), Analysis: an},
		{ID: "rss:4", Source: "blog", Text: "unscored", Lang: "xx", PublishedAt: at.Add(4), Analysis: &model.Analysis{Version: "v3", Lang: "xx", Label: model.Neutral}},
		{ID: "https://example.com/p?a=1", Source: "web", URL: "https://example.com/p?a=1", Text: "url id", PublishedAt: at.Add(5), Analysis: an},
	}
	dir := t.TempDir()
	db1, err := store.Open(filepath.Join(dir, "1.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db1.Close()
	if _, err := db1.PutMentions(ms); err != nil {
		t.Fatal(err)
	}
	dump := func(db *store.DB) []model.Mention {
		var out []model.Mention
		db.EachMention(store.Query{}, func(m *model.Mention) error { c := *m; c.FetchedAt = time.Time{}; out = append(out, c); return nil })
		return out
	}
	first := dump(db1)
	var b bytes.Buffer
	w, _ := mentionio.NewWriter(&b, mentionio.JSONL)
	for i := range first {
		w.Write(&first[i])
	}
	w.Flush()
	rd, _ := mentionio.NewReader(&b, mentionio.ReadOptions{Format: mentionio.JSONL})
	var back []model.Mention
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		var re *mentionio.RowError
		if errors.As(err, &re) {
			t.Errorf("row error: %v", err)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		back = append(back, rec.Mention)
	}
	db2, err := store.Open(filepath.Join(dir, "2.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if _, err := db2.PutMentions(back); err != nil {
		t.Fatal(err)
	}
	second := dump(db2)
	if len(first) != len(second) {
		t.Fatalf("%d mentions, %d back", len(first), len(second))
	}
	for i := range first {
		if !reflect.DeepEqual(first[i], second[i]) {
			t.Errorf("mention %q:\n first  %+v\n second %+v", first[i].ID, first[i], second[i])
		}
	}
}

func TestHostileStoreRoundTripCSV(t *testing.T) {
	at := time.Date(2026, 11, 23, 10, 0, 0, 123456789, time.UTC)
	an := &model.Analysis{Version: "v3", Lang: "en", Scored: true, Score: -0.25, Label: model.Negative, Confidence: 0.5, Urgency: 1,
		Aspects: []model.AspectScore{{Aspect: "price", Score: -0.5}}}
	ms := []model.Mention{
		{ID: "\x00weird", Source: "blog", Brands: []string{"Acme"}, Text: "nul \x00 inside", PublishedAt: at, Analysis: an},
		{ID: "rss:", Source: "blog", Text: "prefix only id", PublishedAt: at.Add(1), Analysis: an},
		{ID: "RSS:Upper", Source: strings.Repeat("s", 65), Text: "upper prefix", PublishedAt: at.Add(2), Analysis: an},
		{ID: ":colon", Source: "blog", Brands: []string{strings.Repeat("b", 1024)}, Text: "colon id", PublishedAt: at.Add(3), Analysis: an},
		{ID: "rss:2", Source: "blog", Brands: []string{"Acme", "Beta"}, URL: "https://example.com/rss:2", Author: "Zoë", Title: "t", Text: "Ünïcode ✓ \u2028 ok", Lang: "de", Rating: f64(0), PublishedAt: time.Unix(0, 0).UTC(), Analysis: an},
		{ID: "rss:3", Source: "blog", Text: "end of time", Rating: f64(5), PublishedAt: time.Unix(0, math.MaxInt64).UTC(), Analysis: an},
		{ID: "rss:4", Source: "blog", Text: "unscored", Lang: "xx", PublishedAt: at.Add(4), Analysis: &model.Analysis{Version: "v3", Lang: "xx", Label: model.Neutral}},
		{ID: "https://example.com/p?a=1", Source: "web", URL: "https://example.com/p?a=1", Text: "url id", PublishedAt: at.Add(5), Analysis: an},
	}
	dir := t.TempDir()
	db1, err := store.Open(filepath.Join(dir, "1.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db1.Close()
	if _, err := db1.PutMentions(ms); err != nil {
		t.Fatal(err)
	}
	dump := func(db *store.DB) []model.Mention {
		var out []model.Mention
		db.EachMention(store.Query{}, func(m *model.Mention) error { c := *m; c.FetchedAt = time.Time{}; out = append(out, c); return nil })
		return out
	}
	first := dump(db1)
	var b bytes.Buffer
	w, _ := mentionio.NewWriter(&b, mentionio.CSV)
	for i := range first {
		w.Write(&first[i])
	}
	w.Flush()
	rd, _ := mentionio.NewReader(&b, mentionio.ReadOptions{Format: mentionio.CSV})
	var back []model.Mention
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		var re *mentionio.RowError
		if errors.As(err, &re) {
			t.Errorf("row error: %v", err)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		back = append(back, rec.Mention)
	}
	db2, err := store.Open(filepath.Join(dir, "2.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if _, err := db2.PutMentions(back); err != nil {
		t.Fatal(err)
	}
	second := dump(db2)
	if len(first) != len(second) {
		t.Fatalf("%d mentions, %d back", len(first), len(second))
	}
	for i := range first {
		first[i].Analysis, second[i].Analysis = nil, nil
		if !reflect.DeepEqual(first[i], second[i]) {
			t.Errorf("mention %q:\n first  %+v\n second %+v", first[i].ID, first[i], second[i])
		}
	}
}
