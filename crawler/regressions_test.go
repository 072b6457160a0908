package crawler

import (
	"context"
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

// Two feed items without a GUID, linked to pages whose queries use ";"
// separators, are two mentions (CanonicalURL keeps pairs Go cannot parse).
func TestFeedItemsWithSemicolonLinksStayApart(t *testing.T) {
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://forum.example.com/</link>
<item><title>Acme is great</title><link>https://forum.example.com/review.pl?id=101;page=1</link><description>first review</description></item>
<item><title>Acme is awful</title><link>https://forum.example.com/review.pl?id=202;page=1</link><description>second review</description></item>
</channel></rss>`
	srv, _ := serveFiles(t, map[string]served{"/feed": {contentType: "application/rss+xml", body: []byte(rss)}})
	s := newTestSource(t, srv, config.Source{Name: "f", Type: "feed", URL: srv.URL + "/feed"})
	b, err := s.Fetch(context.Background(), model.SourceState{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Mentions) != 2 {
		t.Errorf("got %d mentions (ids %q), warnings %q; want 2", len(b.Mentions), ids(b.Mentions), b.Warnings)
	}
}

// Hacker News titles are plain text: "Vec<T>" is not a tag.
func TestHNTitleIsPlainText(t *testing.T) {
	api := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, []byte(`{"nbHits":1,"hits":[{"objectID":"1","created_at_i":1795000000,"author":"pg",
			"title":"Show HN: Acme's Vec<T> beats std::vector<int> by 3x","story_text":null}]}`))
	})
	s := api.source(config.Source{Name: "hn", Type: "hackernews", Query: "acme"}, apiCrawl(), Options{})
	b := fetch(t, s, "1794999000")
	if len(b.Mentions) != 1 {
		t.Fatalf("got %d mentions", len(b.Mentions))
	}
	want := "Show HN: Acme's Vec<T> beats std::vector<int> by 3x"
	if m := b.Mentions[0]; m.Title != want || m.Text != want {
		t.Errorf("title %q, text %q; want %q", m.Title, m.Text, want)
	}
}

// A later page that fails leaves the cursor where it was, so the next run
// reads the reviews on it.
func TestHTMLFailedPageIsReadNextRun(t *testing.T) {
	var page2Fails atomic.Bool
	page2Fails.Store(true)
	review := func(id int, date string) string {
		return fmt.Sprintf(`<article class="review"><a class="permalink" href="/r/%d">#</a><p class="body">review %d</p><time datetime="%s">x</time></article>`, id, id, date)
	}
	// Newest first. Reviews 1..4 were stored by an earlier run (cursor = date of review 4's batch).
	page1 := "<html><body>" + review(8, "2026-11-04T10:00:00Z") + review(7, "2026-11-04T09:00:00Z") + `<a rel="next" href="/p2">next</a></body></html>`
	page2 := "<html><body>" + review(6, "2026-11-03T10:00:00Z") + review(5, "2026-11-03T09:00:00Z") + review(4, "2026-11-01T10:00:00Z") + "</body></html>"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/p1":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, page1)
		case "/p2":
			if page2Fails.Load() {
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, page2)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	crawl := testCrawl()
	crawl.Retries = 0
	s, err := New(config.Source{Name: "h", Type: "html", URL: srv.URL + "/p1", Selectors: &config.Selectors{
		Item: "article.review", Text: ".body", Date: "time", DateAttr: "datetime", Link: "a.permalink", Next: "a[rel=next]"}},
		crawl, Options{HTTPClient: srv.Client(), Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	state := model.SourceState{Source: "h", Cursor: "2026-11-01T10:00:00Z"}
	got := map[string]bool{}
	b1, err := s.Fetch(context.Background(), state)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range b1.Mentions {
		got[m.URL] = true
	}
	t.Logf("run 1: %d mentions, cursor %q, warnings %q", len(b1.Mentions), b1.State.Cursor, b1.Warnings)
	page2Fails.Store(false) // the site recovers
	b2, err := s.Fetch(context.Background(), b1.State)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range b2.Mentions {
		got[m.URL] = true
	}
	t.Logf("run 2: %d mentions, %d pages, cursor %q", len(b2.Mentions), b2.Pages, b2.State.Cursor)
	for _, id := range []int{5, 6} {
		if u := fmt.Sprintf("%s/r/%d", srv.URL, id); !got[u] {
			t.Errorf("review %d (on the page that failed in run 1) was never returned", id)
		}
	}
}

// One item dated in the future does not move the cursor there, which would
// drop every real new item until that date.
func TestFeedFutureDateDoesNotMoveTheCursor(t *testing.T) {
	item := func(guid, date string) string {
		return fmt.Sprintf(`<item><guid>%s</guid><title>t %s</title><description>acme %s</description><pubDate>%s</pubDate></item>`, guid, guid, guid, date)
	}
	feed := func(items ...string) []byte {
		return []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>` + strings.Join(items, "") + `</channel></rss>`)
	}
	files := map[string]served{"/feed": {contentType: "application/rss+xml", body: feed(
		item("a", "Thu, 05 Nov 2026 10:00:00 GMT"),
		item("typo", "Wed, 05 Nov 2036 09:00:00 GMT"), // year typo in one post
	)}}
	srv, _ := serveFiles(t, files)
	s := newTestSource(t, srv, config.Source{Name: "f", Type: "feed", URL: srv.URL + "/feed"})
	b1, err := s.Fetch(context.Background(), model.SourceState{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("run 1 cursor %q (now is %s)", b1.State.Cursor, testNow.Format(time.RFC3339))
	files["/feed"] = served{contentType: "application/rss+xml", body: feed(
		item("b", "Thu, 05 Nov 2026 11:30:00 GMT"),
		item("a", "Thu, 05 Nov 2026 10:00:00 GMT"),
		item("typo", "Wed, 05 Nov 2036 09:00:00 GMT"),
	)}
	b2, err := s.Fetch(context.Background(), b1.State)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range b2.Mentions {
		if strings.HasSuffix(m.ID, "#b") {
			return
		}
	}
	t.Errorf("new item b (published before now) was dropped; run 2 returned %q", ids(b2.Mentions))
}

// Mastodon's spoiler_text is documented as plain text.
func TestMastodonSpoilerTextIsPlainText(t *testing.T) {
	api := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, []byte(`[{"id":"1","uri":"https://m.example/users/a/statuses/1","created_at":"2026-11-23T10:00:00Z",
			"visibility":"public","account":{"acct":"a"},"spoiler_text":"rant: Acme <Pro> & <Max>",
			"content":"<p>both broke in a week</p>"}]`))
	})
	s := api.source(config.Source{Name: "m", Type: "mastodon", Hashtag: "acme"}, apiCrawl(), Options{})
	b := fetch(t, s, "")
	if len(b.Mentions) != 1 {
		t.Fatalf("got %d mentions", len(b.Mentions))
	}
	if want := "rant: Acme <Pro> & <Max>\nboth broke in a week"; b.Mentions[0].Text != want {
		t.Errorf("text %q; want %q", b.Mentions[0].Text, want)
	}
}

// Bluesky: a page 2 that fails once is read on the next run.
func TestBlueskyFailedPageIsReadNextRun(t *testing.T) {
	var fail atomic.Bool
	fail.Store(true)
	post := func(rkey, at string) string {
		return fmt.Sprintf(`{"uri":"at://did:plc:x/app.bsky.feed.post/%s","author":{"did":"did:plc:x","handle":"a.bsky.social"},
			"record":{"$type":"app.bsky.feed.post","text":"acme %s","createdAt":"%s"},"indexedAt":"%s"}`, rkey, rkey, at, at)
	}
	api := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("cursor") == "" {
			serveJSON(w, []byte(`{"cursor":"p2","posts":[`+post("d", "2026-11-23T11:00:00Z")+`,`+post("c", "2026-11-23T10:00:00Z")+`]}`))
			return
		}
		if fail.Load() {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		serveJSON(w, []byte(`{"posts":[`+post("b", "2026-11-23T09:00:00Z")+`,`+post("a", "2026-11-23T08:00:00Z")+`]}`))
	})
	s := api.source(config.Source{Name: "b", Type: "bluesky", Query: "acme"}, apiCrawl(), Options{})
	b1 := fetch(t, s, "2026-11-23T08:00:00Z")
	fail.Store(false)
	b2 := fetch(t, s, b1.State.Cursor)
	all := append(ids(b1.Mentions), ids(b2.Mentions)...)
	t.Logf("run 1 %q cursor %q warnings %q; run 2 %q", ids(b1.Mentions), b1.State.Cursor, b1.Warnings, ids(b2.Mentions))
	if !strings.Contains(strings.Join(all, " "), "post/b") {
		t.Errorf("post b (on the page that failed once) was never returned: %q", all)
	}
}
