package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
)

// closedSite is an API host whose robots.txt disallows every crawler, as
// Reddit's does for crawlers it has not approved. It serves each API's
// fixture and counts robots.txt and API requests.
func closedSite(t *testing.T, robotsHits, apiHits *atomic.Int32) *httptest.Server {
	t.Helper()
	fixtures := map[string]string{
		"/xrpc/app.bsky.feed.searchPosts": "bluesky/searchPosts.json",
		"/search_by_date":                 "hackernews/search_by_date.json",
		"/api/v1/timelines/tag/hoot":      "mastodon/tag_hoot.json",
		"/r/acme/new.json":                "reddit/subreddit.json",
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			robotsHits.Add(1)
			fmt.Fprint(w, "User-agent: *\nDisallow: /\n")
			return
		}
		apiHits.Add(1)
		name, ok := fixtures[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		serveJSON(w, apiFixture(t, name))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// APIs published for programs on their own hosts (Algolia's HN search,
// Bluesky XRPC) do not ask robots.txt; APIs on a site's own web host
// (Mastodon's instance, Reddit's .json pages) do, and fail clearly.
func TestAPISourcesRobots(t *testing.T) {
	tests := []struct {
		src        config.Source
		respect    bool
		wantBlock  bool
		wantRobots int32
		wantHint   string // in the error, beyond the generic robots.txt message
	}{
		{config.Source{Name: "hn", Type: "hackernews", Query: "acme"}, true, false, 0, ""},
		{config.Source{Name: "bsky", Type: "bluesky", Query: "acme"}, true, false, 0, ""},
		{config.Source{Name: "toot", Type: "mastodon", Hashtag: "hoot"}, true, true, 1, ""},
		{config.Source{Name: "rd", Type: "reddit", Subreddit: "acme"}, true, true, 1, "Reddit's robots.txt disallows crawlers it has not approved"},
		{config.Source{Name: "toot", Type: "mastodon", Hashtag: "hoot"}, false, false, 0, ""},
		{config.Source{Name: "rd", Type: "reddit", Subreddit: "acme"}, false, false, 0, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s respect_robots=%v", tt.src.Type, tt.respect), func(t *testing.T) {
			var robotsHits, apiHits atomic.Int32
			srv := closedSite(t, &robotsHits, &apiHits)
			tt.src.URL = srv.URL
			crawl := apiCrawl()
			crawl.RespectRobots = &tt.respect
			s, err := New(tt.src, crawl, Options{Version: "test", HTTPClient: srv.Client(), Now: func() time.Time { return apiNow }})
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			b, err := s.Fetch(context.Background(), model.SourceState{})
			if n := robotsHits.Load(); n != tt.wantRobots {
				t.Errorf("robots.txt requested %d times, want %d", n, tt.wantRobots)
			}
			if !tt.wantBlock {
				if err != nil || len(b.Mentions) == 0 {
					t.Errorf("Fetch = %d mentions, %v; want the fixture's mentions", len(b.Mentions), err)
				}
				return
			}
			msg := fmt.Sprint(err)
			for _, want := range []string{srv.URL + "/robots.txt", "crawl.respect_robots", tt.src.Type + " " + tt.src.Name, srv.URL + "/", tt.wantHint} {
				if !strings.Contains(msg, want) {
					t.Errorf("Fetch error = %q, want it to contain %q", msg, want)
				}
			}
			if !errors.Is(err, ErrRobotsDisallowed) {
				t.Errorf("Fetch error = %v, want ErrRobotsDisallowed", err)
			}
			if n := apiHits.Load(); n != 0 {
				t.Errorf("API requested %d times despite robots.txt, want 0", n)
			}
		})
	}
}

// A robots.txt answering 5xx closes the site (RFC 9309), says so, and is
// asked again rather than remembered.
func TestFetchRobotsServerError(t *testing.T) {
	var robotsHits, pageHits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			robotsHits.Add(1)
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		pageHits.Add(1)
	}))
	defer srv.Close()
	crawl := testCrawl()
	crawl.Retries = 1
	f, s := newTestFetcher(t, srv, crawl)
	for run := 1; run <= 2; run++ {
		_, err := f.get(context.Background(), srv.URL+"/page", nil)
		msg := fmt.Sprint(err)
		if !strings.Contains(msg, srv.URL+"/robots.txt: HTTP 503") || !strings.Contains(msg, "RFC 9309") {
			t.Errorf("run %d: get error = %q, want the robots.txt URL, its 503 and why that stops the crawl", run, msg)
		}
		if want := int32(2 * run); robotsHits.Load() != want {
			t.Errorf("run %d: robots.txt requested %d times in all, want %d (one retry a run, never cached)", run, robotsHits.Load(), want)
		}
	}
	if pageHits.Load() != 0 || len(s.waits) != 2 {
		t.Errorf("page requested %d times with waits %v; want 0 requests and one retry wait a run", pageHits.Load(), s.waits)
	}
}
