package crawler

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/config"
)

// The API sources' hot path is decoding a page and mapping it to mentions;
// the network and the polite delays dwarf it, but it runs for every page.

func BenchmarkMastodonPage(b *testing.B) {
	body := apiFixture(b, "mastodon/public_timeline.json")
	s := fuzzSource(b, config.Source{Type: "mastodon", Hashtag: "x"}).(*mastodonSource)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		sts, err := decodeMastodonStatuses(body)
		if err != nil {
			b.Fatal(err)
		}
		var batch Batch
		s.add(&batch, sts, "", map[string]bool{})
	}
}

func BenchmarkRedditPage(b *testing.B) {
	body := apiFixture(b, "reddit/subreddit.json")
	s := fuzzSource(b, config.Source{Type: "reddit", Subreddit: "x"}).(*redditSource)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		items, _, err := decodeRedditListing(body)
		if err != nil {
			b.Fatal(err)
		}
		var batch Batch
		var newest redditCursor
		s.add(&batch, items, redditCursor{}, &newest, map[string]bool{})
	}
}

// BenchmarkHackerNewsSlice is one full slice: 1,000 comments.
func BenchmarkHackerNewsSlice(b *testing.B) {
	body, _ := json.Marshal(map[string]any{"hits": burst(1000, apiNow, 1), "nbHits": 1000})
	s := fuzzSource(b, config.Source{Type: "hackernews", Query: "x"}).(*hackernewsSource)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		res, err := decodeHNSearch(body)
		if err != nil {
			b.Fatal(err)
		}
		var batch Batch
		var newest int64
		s.add(&batch, res.Hits, &newest)
	}
}

func BenchmarkBlueskyPage(b *testing.B) {
	body := apiFixture(b, "bluesky/searchPosts.json")
	s := fuzzSource(b, config.Source{Type: "bluesky", Query: "x"}).(*blueskySource)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		res, err := decodeBlueskySearch(body)
		if err != nil {
			b.Fatal(err)
		}
		var batch Batch
		var newest time.Time
		s.add(&batch, res.Posts, time.Time{}, &newest)
	}
}
