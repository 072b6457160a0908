package crawler

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
)

// TestFeedGofeedTestdata serves gofeed's own test feeds and checks that every
// item with any text arrives once, with the fields gofeed's expected parse says.
func TestFeedGofeedTestdata(t *testing.T) {
	inputs, _ := filepath.Glob("testdata/feeds/gofeed/*/*")
	n := 0
	for _, in := range inputs {
		expected := expectedFor(in)
		if expected == "" {
			continue
		}
		n++
		t.Run(filepath.Base(in), func(t *testing.T) {
			var want gofeed.Feed
			if err := json.Unmarshal(readTestdata(t, strings.TrimPrefix(expected, "testdata/")), &want); err != nil {
				t.Fatalf("expected %s: %v", expected, err)
			}
			srv, _ := serveFiles(t, map[string]served{"/feed": {"application/octet-stream", readTestdata(t, strings.TrimPrefix(in, "testdata/")), nil}})
			s := newTestSource(t, srv, config.Source{Name: "g", Type: "feed", URL: srv.URL + "/feed"})
			b, err := s.Fetch(context.Background(), model.SourceState{})
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			checkGofeedItems(t, b, want.Items, srv.URL+"/feed", want.Link)
		})
	}
	if n < 40 {
		t.Fatalf("only %d gofeed test feeds found, want at least 40", n)
	}
}

// expectedFor names gofeed's expected parse of an input file, "" for non-inputs.
func expectedFor(in string) string {
	switch {
	case strings.HasSuffix(in, ".xml"):
		return strings.TrimSuffix(in, ".xml") + ".json"
	case strings.HasSuffix(in, ".json") && !strings.HasSuffix(in, "_expected.json") && strings.Contains(in, "/json/"):
		return strings.TrimSuffix(in, ".json") + "_expected.json"
	}
	return ""
}

// checkGofeedItems compares mentions with gofeed's expected items: the ones
// with a title or text arrive in order, once, with id, title, author, link,
// date and cleaned text; the others are reported as warnings.
func checkGofeedItems(t *testing.T, b Batch, items []*gofeed.Item, feedURL, site string) {
	t.Helper()
	var want []*gofeed.Item
	for _, it := range items {
		if cleanLine(it.Title) != "" || CleanText(it.Content+" "+it.Description) != "" {
			want = append(want, it)
		}
	}
	if len(b.Mentions) != len(want) || len(b.Warnings) != len(items)-len(want) {
		t.Fatalf("got %d mentions and %d warnings, want %d and %d", len(b.Mentions), len(b.Warnings), len(want), len(items)-len(want))
	}
	base := feedURL
	if site != "" {
		base = resolveRef(feedURL, site)
	}
	for i, it := range want {
		m := b.Mentions[i]
		if m.Title != cleanLine(it.Title) || m.URL != resolveRef(base, it.Link) {
			t.Errorf("item %d: title %q url %q, want %q %q", i, m.Title, m.URL, cleanLine(it.Title), resolveRef(base, it.Link))
		}
		if wantText := CleanText(firstNonEmpty(it.Content, it.Description)); wantText != "" && m.Text != wantText {
			t.Errorf("item %d: text %q, want %q", i, m.Text, wantText)
		}
		if a := expectedAuthor(it); m.Author != a {
			t.Errorf("item %d: author %q, want %q", i, m.Author, a)
		}
		if g := strings.TrimSpace(it.GUID); g != "" && !strings.HasSuffix(m.ID, g) {
			t.Errorf("item %d: id %q does not carry the guid %q", i, m.ID, g)
		}
		if d := firstTime(it.PublishedParsed, it.UpdatedParsed); !d.IsZero() && !m.PublishedAt.Equal(d) {
			t.Errorf("item %d: published %v, want %v", i, m.PublishedAt, d)
		}
	}
}

func expectedAuthor(it *gofeed.Item) string {
	for _, p := range append([]*gofeed.Person{it.Author}, it.Authors...) {
		if p != nil {
			return cleanLine(firstNonEmpty(p.Name, p.Email))
		}
	}
	return ""
}

func firstTime(ts ...*time.Time) time.Time {
	for _, t := range ts {
		if t != nil {
			return *t
		}
	}
	return time.Time{}
}

func FuzzFeed(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/feeds/*.*")
	more, _ := filepath.Glob("testdata/feeds/gofeed/*/*.xml")
	for _, p := range append(seeds, more[:min(len(more), 20)]...) {
		f.Add(readTestdata(f, strings.TrimPrefix(p, "testdata/")))
	}
	s := &feedSource{newBase(config.Source{Name: "fz", Type: "feed", URL: "https://example.com/feed"}, testCrawl(), Options{})}
	f.Fuzz(func(t *testing.T, body []byte) {
		feed, _, err := s.parse(&response{URL: "https://example.com/feed", Status: 200, Header: map[string][]string{}, Body: body})
		if err != nil {
			return
		}
		ms, _, _ := s.items(feed, "https://example.com/feed", "", testNow)
		for _, m := range ms {
			if m.Text == "" || m.ID == "" || strings.ContainsAny(m.Title, "\n") {
				t.Fatalf("bad mention %+v", m)
			}
		}
	})
}
