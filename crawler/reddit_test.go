package crawler

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/crawler/query"
	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
)

const emptyListing = `{"kind": "Listing", "data": {"modhash": "", "children": [], "after": null, "before": null}}`

// fakeReddit serves subreddit.json as the first page and an empty Listing
// for the page after it.
func fakeReddit(t *testing.T) *fakeAPI {
	return newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("after") != "" {
			serveJSON(w, []byte(emptyListing))
			return
		}
		serveJSON(w, apiFixture(t, "reddit/subreddit.json"))
	})
}

func TestRedditSubredditListing(t *testing.T) {
	f := fakeReddit(t)
	s := f.source(config.Source{Name: "r", Type: "reddit", Subreddit: "netsec", Brand: "acme"}, apiCrawl(), Options{})
	b := fetch(t, s, "")

	reqs := f.requests()
	if len(reqs) != 2 || reqs[0].Path != "/r/netsec/new.json" || reqs[0].Query.Get("limit") != "100" ||
		reqs[1].Query.Get("after") != "t3_582bi3" || reqs[0].Query.Has("raw_json") {
		t.Fatalf("requests = %+v, want /r/netsec/new.json?limit=100 then after=t3_582bi3", reqs)
	}
	checkCommonHeaders(t, reqs, "")
	if len(b.Mentions) != 27 || b.Pages != 2 {
		t.Fatalf("got %d mentions in %d pages, want the 27 posts in 2", len(b.Mentions), b.Pages)
	}
	checkAPIMention(t, b.Mentions[2], model.Mention{
		ID: "reddit:t3_58o5ub", Source: "r", Brands: []string{"acme"}, Author: "kalak55",
		URL:         f.srv.URL + "/r/netsec/comments/58o5ub/comodo_used_broken_ocr_to_issue_certificates_to/",
		Title:       "Comodo used broken OCR to issue certificates to the wrong organizations",
		PublishedAt: time.Unix(1477067620, 0).UTC(),
	})
	hiring := b.Mentions[0]
	if hiring.ID != "reddit:t3_552rz1" || hiring.Title != "/r/netsec's Q4 2016 Information Security Hiring Thread" ||
		!strings.HasPrefix(hiring.Text, "##### Overview\nIf you have open positions at your company") || strings.Contains(hiring.Text, "\n\n") {
		t.Errorf("self post = %q / %q, want its title and selftext as clean lines", hiring.Title, hiring.Text[:min(80, len(hiring.Text))])
	}
	if !slices.Equal(b.Mentions[0].Brands, []string{"acme"}) {
		t.Errorf("Brands = %q, want the source's brand", b.Mentions[0].Brands)
	}
	if want := "1477101538 t3_58qzqh"; b.State.Cursor != want {
		t.Errorf("cursor = %q, want %q (the newest post)", b.State.Cursor, want)
	}

	again := fetch(t, s, b.State.Cursor)
	if len(again.Mentions) != 0 || again.Pages != 1 || again.State.Cursor != b.State.Cursor {
		t.Errorf("second run: %v in %d pages, cursor %q; want nothing new after 1 page, cursor kept", ids(again.Mentions), again.Pages, again.State.Cursor)
	}
}

func TestRedditCursorKeepsSameSecondUnseen(t *testing.T) {
	f := fakeReddit(t)
	s := f.source(config.Source{Name: "r", Type: "reddit", Subreddit: "netsec"}, apiCrawl(), Options{})
	// t3_58qo0r (1477096754) is older than the newest post: a cursor at its
	// second naming another post keeps it, and everything newer.
	b := fetch(t, s, "1477096754 t3_other")
	if got, want := ids(b.Mentions), []string{"reddit:t3_58qzqh", "reddit:t3_58qo0r"}; !slices.Equal(got, want) {
		t.Errorf("mentions = %v, want %v", got, want)
	}
	if b.Pages != 1 {
		t.Errorf("pages = %d, want 1: the page reached the cursor", b.Pages)
	}
}

func TestRedditSearchRequests(t *testing.T) {
	tests := []struct {
		src      config.Source
		path     string
		wantArgs map[string]string
	}{
		{config.Source{Query: `acme "bad service"`}, "/search.json",
			map[string]string{"q": `acme "bad service"`, "sort": "new", "limit": "100"}},
		{config.Source{Query: "acme", Subreddit: "r/netsec", Sort: "relevance"}, "/r/netsec/search.json",
			map[string]string{"q": "acme", "sort": "relevance", "restrict_sr": "on"}},
		{config.Source{Subreddit: "netsec", Sort: "hot"}, "/r/netsec/hot.json", map[string]string{"limit": "100"}},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { serveJSON(w, []byte(emptyListing)) })
			tc.src.Name, tc.src.Type = "r", "reddit"
			fetch(t, f.source(tc.src, apiCrawl(), Options{}), "")
			reqs := f.requests()
			if len(reqs) != 1 || reqs[0].Path != tc.path {
				t.Fatalf("requests = %+v, want one to %s", reqs, tc.path)
			}
			for k, v := range tc.wantArgs {
				if got := reqs[0].Query.Get(k); got != v {
					t.Errorf("%s=%q, want %q", k, got, v)
				}
			}
			checkCommonHeaders(t, reqs, "")
		})
	}
}

// TestRedditThreadComments decodes a real thread: the post, then every
// comment of the tree; the file has 199 comments (t1), 5 of them deleted.
func TestRedditThreadComments(t *testing.T) {
	items, after, err := decodeRedditListing(apiFixture(t, "reddit/thread.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 200 || items[0].Kind != "t3" || items[0].Name != "t3_1cebxh" || after != "" {
		t.Fatalf("decoded %d things (first %s %s, after %q), want the post then 199 comments", len(items), items[0].Kind, items[0].Name, after)
	}
	f := fakeReddit(t)
	s := f.source(config.Source{Name: "r", Type: "reddit", Subreddit: "x"}, apiCrawl(), Options{}).(*redditSource)
	var b Batch
	var newest redditCursor
	s.add(&b, items, redditCursor{}, &newest, map[string]bool{})
	if len(b.Mentions) != 195 {
		t.Errorf("mentions = %d, want 195 (post + 194 comments that were not deleted)", len(b.Mentions))
	}
	checkAPIMention(t, b.Mentions[1], model.Mention{
		ID: "reddit:t1_c9ftsjg", Source: "r", Author: "bacon_cake",
		URL:   f.srv.URL + "/comments/1cebxh/_/c9ftsjg/",
		Title: "",
		Text: "Hey man,\nBecause of your post I just sent my girlfriend a cute text and I'm sure that lots of others reading your post have done the same.\n" +
			"The love between you and your wife has actually created *more* love today - that's something special.",
		PublishedAt: time.Unix(1366059088, 0).UTC(),
	})
}

func TestRedditBadResponses(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"truncated", `{"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"title": "x`, "not a Reddit Listing"},
		{"not a listing", `{"kind": "t2", "data": {"name": "spez"}}`, `kind "t2"`},
		{"html", "<html><body>whoa there, pardner!</body></html>", "whoa there"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { serveJSON(w, []byte(tc.body)) })
			s := f.source(config.Source{Name: "r", Type: "reddit", Query: "acme"}, apiCrawl(), Options{})
			_, err := s.Fetch(context.Background(), model.SourceState{})
			if !errors.Is(err, ErrBadResponse) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Fetch error = %v, want ErrBadResponse saying %q", err, tc.want)
			}
		})
	}
}

func TestRedditConfigErrors(t *testing.T) {
	for _, src := range []config.Source{
		{Name: "r", Type: "reddit"},
		{Name: "r", Type: "reddit", Subreddit: "x", Sort: "relevance"},
		{Name: "r", Type: "reddit", Query: "acme", Sort: "rising"},
		{Name: "r", Type: "reddit", Query: "acme", URL: "ftp://reddit.example"},
	} {
		if _, err := New(src, apiCrawl(), Options{}); !errors.Is(err, ErrBadSource) {
			t.Errorf("New(%+v) error = %v, want ErrBadSource", src, err)
		}
	}
}

// TestRedditPostsMatchBrandQueries runs brand queries over the real listing:
// each post must land with exactly the brands whose query it satisfies.
func TestRedditPostsMatchBrandQueries(t *testing.T) {
	brands := map[string]*query.Query{}
	for name, q := range map[string]string{
		"sop":     `"same origin" OR comodo`,
		"linux":   `linux NEAR/3 (privesc OR lpe)`,
		"windows": `windows -kernel`,
	} {
		var err error
		if brands[name], err = query.Parse(q); err != nil {
			t.Fatal(err)
		}
	}
	m := query.NewMatcher(brands)
	b := fetch(t, fakeReddit(t).source(config.Source{Name: "r", Type: "reddit", Subreddit: "netsec"}, apiCrawl(), Options{}), "")
	want := map[string][]string{
		"reddit:t3_58o5ub": {"sop"},     // Comodo used broken OCR…
		"reddit:t3_58ajew": {"sop"},     // …the Same-Origin Policy…
		"reddit:t3_58cbt8": {"sop"},     // Finding Same Origin Method Execution…
		"reddit:t3_58libx": {"linux"},   // …dirtyc0w yet? LPE in linux
		"reddit:t3_58n95d": {"linux"},   // …for Linux and Mac: Local PrivEsc
		"reddit:t3_58nheo": {"windows"}, // Securing Windows Workstations (not "…kernel on Windows")
	}
	for _, mn := range b.Mentions {
		if got := m.Brands(mn.Title + "\n" + mn.Text); !slices.Equal(got, want[mn.ID]) {
			t.Errorf("Brands(%s %q) = %q, want %q", mn.ID, mn.Title, got, want[mn.ID])
		}
	}
}
