package crawler

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
)

// The Link header recorded with tag_hoot.json (Mastodon.py test_hashtag_tl.yaml).
const hootLink = `<http://localhost:3000/api/v1/timelines/tag/hoot?max_id=117020593741189701>; rel="next", <http://localhost:3000/api/v1/timelines/tag/hoot?min_id=117020593741189701>; rel="prev"`

func TestMastodonHashtagFirstRun(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", hootLink)
		serveJSON(w, apiFixture(t, "mastodon/tag_hoot.json"))
	})
	s := f.source(config.Source{Name: "m", Type: "mastodon", Hashtag: "#hoot"}, apiCrawl(), Options{})
	b := fetch(t, s, "")

	reqs := f.requests()
	if len(reqs) != 1 || reqs[0].Path != "/api/v1/timelines/tag/hoot" || reqs[0].Query.Get("limit") != "40" || reqs[0].Query.Has("min_id") {
		t.Fatalf("requests = %+v, want one GET /api/v1/timelines/tag/hoot?limit=40 without min_id", reqs)
	}
	checkCommonHeaders(t, reqs, "")
	if len(b.Mentions) != 1 {
		t.Fatalf("got %d mentions, want 1", len(b.Mentions))
	}
	host := strings.TrimPrefix(f.srv.URL, "http://")
	checkAPIMention(t, b.Mentions[0], model.Mention{
		ID:          "mastodon:http://localhost:3000/ap/users/117020566092212359/statuses/117020593741189701",
		Source:      "m",
		URL:         "http://localhost:3000/@mastodonpy_test_2/117020593741189701",
		Author:      "mastodonpy_test_2@" + host,
		Text:        "#hoot (hashtag toot)",
		PublishedAt: time.Date(2026, 8, 1, 13, 55, 55, 867e6, time.UTC),
	})
	if b.State.Cursor != "117020593741189701" || b.Pages != 1 {
		t.Errorf("cursor %q after %d pages, want 117020593741189701 after 1", b.State.Cursor, b.Pages)
	}
}

// fakeMastodonTimeline serves the recorded public timeline as a tag
// timeline, three statuses a page, honouring min_id like Mastodon: the page
// of statuses just newer than min_id, newest first, with Link paging.
func fakeMastodonTimeline(t *testing.T) *fakeAPI {
	var sts []json.RawMessage
	if err := json.Unmarshal(apiFixture(t, "mastodon/public_timeline.json"), &sts); err != nil {
		t.Fatal(err)
	}
	idOf := func(raw json.RawMessage) string {
		var s struct{ ID string }
		json.Unmarshal(raw, &s)
		return s.ID
	}
	var f *fakeAPI
	f = newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		minID := r.URL.Query().Get("min_id")
		var page []json.RawMessage
		for i := len(sts) - 1; i >= 0 && len(page) < 3; i-- { // oldest first
			if minID == "" || snowflakeAfter(idOf(sts[i]), minID) {
				page = append([]json.RawMessage{sts[i]}, page...)
			}
		}
		if minID == "" {
			page = sts[:3]
		}
		if len(page) > 0 {
			base := f.srv.URL + r.URL.Path
			w.Header().Set("Link", fmt.Sprintf(`<%s?max_id=%s>; rel="next", <%s?min_id=%s>; rel="prev"`,
				base, idOf(page[len(page)-1]), base, idOf(page[0])))
		}
		body, _ := json.Marshal(page)
		serveJSON(w, body)
	})
	return f
}

// statusIDs are the native ids at the end of the mentions' URLs.
func statusIDs(ms []model.Mention) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = path.Base(m.URL)
	}
	return out
}

func TestMastodonTimelineForwardFromCursor(t *testing.T) {
	f := fakeMastodonTimeline(t)
	src := config.Source{Name: "m", Type: "mastodon", Hashtag: "brand", TokenEnv: "T", Token: "tok-123"}
	s := f.source(src, apiCrawl(), Options{})
	b := fetch(t, s, "117020574694606796")

	want := []string{ // pages oldest first, each newest first
		"117020588169351887", "117020586180926938", "117020582721532745",
		"117020592137523525", "117020590477318485", "117020588242324937",
		"117020593378945190",
	}
	if got := statusIDs(b.Mentions); !slices.Equal(got, want) {
		t.Errorf("statuses = %v, want %v", got, want)
	}
	var minIDs []string
	for _, r := range f.requests() {
		minIDs = append(minIDs, r.Query.Get("min_id"))
	}
	wantMin := []string{"117020574694606796", "117020588169351887", "117020592137523525", "117020593378945190"}
	if !slices.Equal(minIDs, wantMin) || b.Pages != 4 {
		t.Errorf("min_id of requests = %v (%d pages), want %v", minIDs, b.Pages, wantMin)
	}
	checkCommonHeaders(t, f.requests(), "Bearer tok-123")
	if b.State.Cursor != "117020593378945190" {
		t.Errorf("cursor = %q, want the newest id 117020593378945190", b.State.Cursor)
	}
	if m := b.Mentions[0]; m.Text != "@mastodonpy_test beep beep I'm a jeep" || m.Author != "admin@"+strings.TrimPrefix(f.srv.URL, "http://") {
		t.Errorf("mention text %q by %q, want the h-card mention as text, by admin@host", m.Text, m.Author)
	}

	again := fetch(t, s, b.State.Cursor)
	if len(again.Mentions) != 0 || again.State.Cursor != b.State.Cursor || again.Pages != 1 {
		t.Errorf("second run: %d mentions, cursor %q, %d pages; want none, cursor kept, 1 page", len(again.Mentions), again.State.Cursor, again.Pages)
	}
}

func TestMastodonMaxPagesResumesWithoutGap(t *testing.T) {
	f := fakeMastodonTimeline(t)
	crawl := apiCrawl()
	crawl.MaxPages = 2
	s := f.source(config.Source{Name: "m", Type: "mastodon", Hashtag: "brand"}, crawl, Options{})
	first := fetch(t, s, "117020574694606796")
	second := fetch(t, s, first.State.Cursor)
	got := append(statusIDs(first.Mentions), statusIDs(second.Mentions)...)
	if len(first.Mentions) != 6 || len(second.Mentions) != 1 || second.State.Cursor != "117020593378945190" {
		t.Errorf("runs returned %v then %v (cursor %q), want 6 then the last one, 117020593378945190", statusIDs(first.Mentions), statusIDs(second.Mentions), second.State.Cursor)
	}
	slices.Sort(got)
	if len(slices.Compact(got)) != 7 {
		t.Errorf("two runs returned %d distinct statuses, want all 7", len(got))
	}
}

func TestMastodonSearch(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, apiFixture(t, "mastodon/search.json"))
	})
	s := f.source(config.Source{Name: "m", Type: "mastodon", Query: "acme bank", Token: "tok-123"}, apiCrawl(), Options{})
	b := fetch(t, s, "117020590477318485")
	reqs := f.requests()
	q := reqs[0].Query
	if len(reqs) != 1 || reqs[0].Path != "/api/v2/search" || q.Get("q") != "acme bank" || q.Get("type") != "statuses" || q.Get("min_id") != "117020590477318485" {
		t.Fatalf("requests = %+v, want one /api/v2/search?q=acme+bank&type=statuses&min_id=…", reqs)
	}
	checkCommonHeaders(t, reqs, "Bearer tok-123")
	// The recorded third status is the cursor itself: a server that ignores min_id must not bring it back.
	if got, want := statusIDs(b.Mentions), []string{"117020593378945190", "117020592137523525"}; !slices.Equal(got, want) {
		t.Errorf("statuses = %v, want %v", got, want)
	}
	if b.Mentions[1].Text != "you can't say that on television" {
		t.Errorf("text = %q, want entities decoded and tags gone", b.Mentions[1].Text)
	}
}

func TestMastodonSearchWithoutTokenWarns(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		serveJSON(w, []byte(`{"accounts":[],"statuses":[],"hashtags":[]}`))
	})
	b := fetch(t, f.source(config.Source{Name: "m", Type: "mastodon", Query: "acme"}, apiCrawl(), Options{}), "")
	checkCommonHeaders(t, f.requests(), "")
	if len(b.Warnings) != 1 || !strings.Contains(b.Warnings[0], "token_env") {
		t.Errorf("warnings = %q, want one about token_env", b.Warnings)
	}
	// After a search that found statuses, an empty answer is a quiet spell.
	src := f.source(config.Source{Name: "m", Type: "mastodon", Query: "acme"}, apiCrawl(), Options{})
	if quiet := fetch(t, src, "117020590477318485"); len(quiet.Warnings) != 0 {
		t.Errorf("warnings on a quiet pass after a cursor = %q, want none", quiet.Warnings)
	}
}

// TestMastodonReblogsAndVisibility: a reblog is its original, once; a
// private status (visible to the token) is never a public mention.
func TestMastodonReblogsAndVisibility(t *testing.T) {
	var sts []map[string]any
	json.Unmarshal(apiFixture(t, "mastodon/public_timeline.json"), &sts)
	orig, private := sts[1], sts[2]
	private["visibility"] = "private"
	wrapper := map[string]any{"id": "117020599999999999", "uri": "http://localhost:3000/ap/users/1/statuses/117020599999999999/activity",
		"created_at": "2026-08-01T14:00:00.000Z", "content": "", "visibility": "public", "account": sts[0]["account"], "reblog": orig}
	body, _ := json.Marshal([]any{wrapper, orig, private})
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { serveJSON(w, body) })
	b := fetch(t, f.source(config.Source{Name: "m", Type: "mastodon", Hashtag: "x"}, apiCrawl(), Options{}), "")
	if got, want := statusIDs(b.Mentions), []string{"117020592137523525"}; !slices.Equal(got, want) {
		t.Errorf("statuses = %v, want only the reblogged original %v", got, want)
	}
	if b.State.Cursor != "117020599999999999" {
		t.Errorf("cursor = %q, want the reblog's own id", b.State.Cursor)
	}
}

func TestMastodonBadResponses(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		want                    string
	}{
		{"truncated", "application/json", `[{"id":"1","content":"<p>hi`, "not a JSON array of Mastodon statuses"},
		{"html error page", "text/html", "<!DOCTYPE html><html><body>Bad gateway</body></html>", `body starts "<!DOCTYPE html>`},
		{"object instead of array", "application/json", `{"error":"This method requires an authenticated user"}`, "not a JSON array"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.contentType)
				w.Write([]byte(tc.body))
			})
			s := f.source(config.Source{Name: "m", Type: "mastodon", Hashtag: "x"}, apiCrawl(), Options{})
			_, err := s.Fetch(context.Background(), model.SourceState{})
			if !errors.Is(err, ErrBadResponse) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "mastodon m:") {
				t.Errorf("Fetch error = %v, want ErrBadResponse naming the source and saying %q", err, tc.want)
			}
		})
	}
}

// TestMastodonTokenNeverLeaks fails the request and checks the error and
// debug logs for the token.
func TestMastodonTokenNeverLeaks(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "nope", http.StatusUnauthorized)
	})
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := f.source(config.Source{Name: "m", Type: "mastodon", Query: "acme", Token: "tok-SECRET"}, apiCrawl(), Options{Logger: logger})
	_, err := s.Fetch(context.Background(), model.SourceState{})
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != http.StatusUnauthorized {
		t.Fatalf("Fetch error = %v, want an HTTP 401 *HTTPError", err)
	}
	if strings.Contains(err.Error(), "tok-SECRET") || strings.Contains(logs.String(), "tok-SECRET") {
		t.Errorf("token leaked: error %q, logs %q", err, logs.String())
	}
}

func TestMastodonConfigErrors(t *testing.T) {
	for _, src := range []config.Source{
		{Name: "m", Type: "mastodon", Hashtag: "x"},                          // no instance
		{Name: "m", Type: "mastodon", URL: "https://mastodon.example"},       // neither hashtag nor query
		{Name: "m", Type: "mastodon", URL: "mastodon.example", Hashtag: "x"}, // not absolute
	} {
		if _, err := New(src, apiCrawl(), Options{}); !errors.Is(err, ErrBadSource) {
			t.Errorf("New(%+v) error = %v, want ErrBadSource", src, err)
		}
	}
}

func TestLinkRel(t *testing.T) {
	tests := []struct{ header, rel, want string }{
		{hootLink, "prev", "http://localhost:3000/api/v1/timelines/tag/hoot?min_id=117020593741189701"},
		{hootLink, "next", "http://localhost:3000/api/v1/timelines/tag/hoot?max_id=117020593741189701"},
		{`<https://a.example/x>; rel="prev next"`, "next", "https://a.example/x"},
		{`<https://a.example/x>; REL=next`, "next", "https://a.example/x"},
		{`https://a.example/x; rel="next"`, "next", ""},
		{"", "next", ""},
	}
	for _, tc := range tests {
		if got := linkRel(tc.header, tc.rel); got != tc.want {
			t.Errorf("linkRel(%q, %q) = %q, want %q", tc.header, tc.rel, got, tc.want)
		}
	}
}

func TestMastodonNeverFollowsLinksOffTheInstance(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", hootLink) // points at localhost:3000, not this server
		serveJSON(w, apiFixture(t, "mastodon/tag_hoot.json"))
	})
	s := f.source(config.Source{Name: "m", Type: "mastodon", Hashtag: "hoot", Token: "tok-123"}, apiCrawl(), Options{})
	b := fetch(t, s, "117020574694606796")
	if len(f.requests()) != 1 || len(b.Mentions) != 1 {
		t.Errorf("%d requests, %d mentions; want 1 and 1: the off-instance link must not be followed", len(f.requests()), len(b.Mentions))
	}
	if len(b.Warnings) != 1 || !strings.Contains(b.Warnings[0], "localhost:3000") {
		t.Errorf("warnings = %q, want one naming the link", b.Warnings)
	}
}
