package crawler

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
)

// fuzzSource builds an API source that is never asked to fetch, for mapping
// decoded items to mentions.
func fuzzSource(t testing.TB, src config.Source) Source {
	src.Name, src.URL = "fz", "https://api.example"
	s, err := New(src, apiCrawl(), Options{Now: func() time.Time { return apiNow }})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// checkFuzzMentions holds for whatever an API sends: stable ids of the
// source type, valid UTF-8 text, UTC times.
func checkFuzzMentions(t *testing.T, typ string, ms []model.Mention) {
	for _, m := range ms {
		if !strings.HasPrefix(m.ID, typ+":") || len(m.ID) == len(typ)+1 {
			t.Fatalf("mention id %q, want %s:<native id>", m.ID, typ)
		}
		if !utf8.ValidString(m.Text) || !utf8.ValidString(m.Title) || !utf8.ValidString(m.Author) {
			t.Fatalf("invalid UTF-8 in %+v", m)
		}
		if m.PublishedAt.Location() != time.UTC {
			t.Fatalf("PublishedAt %v not UTC", m.PublishedAt)
		}
	}
}

func addSeeds(f *testing.F, files ...string) {
	for _, name := range files {
		f.Add(apiFixture(f, name))
	}
	f.Add([]byte(`null`))
	f.Add([]byte(`{"kind":"Listing","data":{"children":[{"kind":"t1","data":{"name":"t1_x","replies":{"kind":"Listing"}}}]}}`))
	f.Add([]byte("<html>\xff</html>"))
}

func FuzzMastodonStatuses(f *testing.F) {
	addSeeds(f, "mastodon/tag_hoot.json", "mastodon/public_timeline.json")
	s := fuzzSource(f, config.Source{Type: "mastodon", Hashtag: "x"}).(*mastodonSource)
	f.Fuzz(func(t *testing.T, body []byte) {
		sts, err := decodeMastodonStatuses(body)
		if err != nil {
			return
		}
		var b Batch
		s.add(&b, sts, "", map[string]bool{})
		checkFuzzMentions(t, "mastodon", b.Mentions)
	})
}

func FuzzMastodonSearch(f *testing.F) {
	addSeeds(f, "mastodon/search.json")
	s := fuzzSource(f, config.Source{Type: "mastodon", Query: "x"}).(*mastodonSource)
	f.Fuzz(func(t *testing.T, body []byte) {
		sts, err := decodeMastodonSearch(body)
		if err != nil {
			return
		}
		var b Batch
		s.add(&b, sts, "1", map[string]bool{})
		checkFuzzMentions(t, "mastodon", b.Mentions)
	})
}

func FuzzRedditListing(f *testing.F) {
	addSeeds(f, "reddit/subreddit.json", "reddit/thread.json")
	s := fuzzSource(f, config.Source{Type: "reddit", Subreddit: "x"}).(*redditSource)
	f.Fuzz(func(t *testing.T, body []byte) {
		items, _, err := decodeRedditListing(body)
		if err != nil {
			return
		}
		var b Batch
		var newest redditCursor
		s.add(&b, items, redditCursor{}, &newest, map[string]bool{})
		checkFuzzMentions(t, "reddit", b.Mentions)
		if c, err := parseRedditCursor(newest.String()); err != nil || c.String() != newest.String() {
			t.Fatalf("cursor %q does not round-trip: %v", newest.String(), err)
		}
	})
}

func FuzzHackerNewsSearch(f *testing.F) {
	addSeeds(f, "hackernews/search_by_date.json")
	s := fuzzSource(f, config.Source{Type: "hackernews", Query: "x"}).(*hackernewsSource)
	f.Fuzz(func(t *testing.T, body []byte) {
		res, err := decodeHNSearch(body)
		if err != nil {
			return
		}
		var b Batch
		var newest int64
		s.add(&b, res.Hits, &newest)
		checkFuzzMentions(t, "hackernews", b.Mentions)
	})
}

func FuzzBlueskySearch(f *testing.F) {
	addSeeds(f, "bluesky/searchPosts.json")
	f.Add([]byte(olderPage))
	s := fuzzSource(f, config.Source{Type: "bluesky", Query: "x"}).(*blueskySource)
	f.Fuzz(func(t *testing.T, body []byte) {
		res, err := decodeBlueskySearch(body)
		if err != nil {
			return
		}
		var b Batch
		var newest time.Time
		s.add(&b, res.Posts, time.Time{}, &newest)
		checkFuzzMentions(t, "bluesky", b.Mentions)
	})
}
