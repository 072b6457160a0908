package crawler

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
)

const (
	alicePost = "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3l6oveex3ii2l"
	goncePost = "at://did:plc:4llrhdclvdlmmynkwsmg5tdc/app.bsky.feed.post/3l6ouzqh4bc2a"
)

// olderPage is a second searchPosts page: one post after 11:10 and one before.
const olderPage = `{"cursor": "3", "posts": [
 {"uri": "at://did:plc:abc/app.bsky.feed.post/3l6otaaaaaa2a", "cid": "bafy1", "author": {"did": "did:plc:abc", "handle": "bob.example.com"},
  "record": {"$type": "app.bsky.feed.post", "createdAt": "2026-11-23T11:19:59Z", "text": "acme again"}, "indexedAt": "2026-11-23T11:20:00Z"},
 {"uri": "at://did:plc:abc/app.bsky.feed.post/3l6osbbbbbb2a", "cid": "bafy2", "author": {"did": "did:plc:abc", "handle": "bob.example.com"},
  "record": {"$type": "app.bsky.feed.post", "createdAt": "2026-11-23T10:00:00Z", "text": "old acme"}, "indexedAt": "2026-11-23T10:00:00Z"}]}`

// fakeBluesky serves searchPosts.json, then olderPage for cursor=2.
func fakeBluesky(t *testing.T) *fakeAPI {
	return newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("cursor") == "2" {
			serveJSON(w, []byte(olderPage))
			return
		}
		serveJSON(w, apiFixture(t, "bluesky/searchPosts.json"))
	})
}

func TestBlueskyAnonymousSearch(t *testing.T) {
	f := fakeBluesky(t)
	s := f.source(config.Source{Name: "b", Type: "bluesky", Query: "acme"}, apiCrawl(), Options{})
	b := fetch(t, s, "")

	reqs := f.requests()
	q := reqs[0].Query
	if len(reqs) != 1 || reqs[0].Path != "/xrpc/app.bsky.feed.searchPosts" || q.Get("q") != "acme" || q.Get("sort") != "latest" ||
		q.Get("limit") != "100" || q.Has("since") || q.Has("cursor") {
		t.Fatalf("requests = %+v, want one searchPosts?q=acme&sort=latest&limit=100", reqs)
	}
	checkCommonHeaders(t, reqs, "")
	if len(b.Mentions) != 2 {
		t.Fatalf("got %d mentions, want 2 (the feed generator record is not a post)", len(b.Mentions))
	}
	checkAPIMention(t, b.Mentions[0], model.Mention{
		ID: "bluesky:" + alicePost, Source: "b", Author: "alice.bsky.social",
		URL:         "https://bsky.app/profile/alice.bsky.social/post/3l6oveex3ii2l",
		Text:        "Acme support fixed my router in 10 minutes. I <3 it!\nWell done @acme.com",
		PublishedAt: time.Date(2026, 11, 23, 11, 58, 1, 123e6, time.UTC),
	})
	checkAPIMention(t, b.Mentions[1], model.Mention{
		ID: "bluesky:" + goncePost, Source: "b", Author: "handle.invalid",
		URL:         "https://bsky.app/profile/did:plc:4llrhdclvdlmmynkwsmg5tdc/post/3l6ouzqh4bc2a",
		Text:        "Perkhidmatan Acme teruk, tunggu 3 jam!",
		PublishedAt: time.Date(2026, 11, 23, 11, 40, 0, 0, time.UTC),
	})
	if len(b.Warnings) != 1 || !strings.Contains(b.Warnings[0], "app.bsky.feed.generator/acme-news") {
		t.Errorf("warnings = %q, want one naming the skipped record", b.Warnings)
	}
	if b.State.Cursor != "2026-11-23T11:58:02.456Z" {
		t.Errorf("cursor = %q, want the newest indexedAt", b.State.Cursor)
	}
}

func TestBlueskyPagesBackToTheCursor(t *testing.T) {
	f := fakeBluesky(t)
	s := f.source(config.Source{Name: "b", Type: "bluesky", Query: "acme"}, apiCrawl(), Options{})
	b := fetch(t, s, "2026-11-23T11:10:00Z")
	want := []string{"bluesky:" + alicePost, "bluesky:" + goncePost, "bluesky:at://did:plc:abc/app.bsky.feed.post/3l6otaaaaaa2a"}
	if got := ids(b.Mentions); !slices.Equal(got, want) {
		t.Errorf("mentions = %v, want %v", got, want)
	}
	reqs := f.requests()
	if len(reqs) != 2 || reqs[0].Query.Get("since") != "2026-11-23T11:10:00Z" || reqs[1].Query.Get("cursor") != "2" {
		t.Errorf("requests = %+v, want since=2026-11-23T11:10:00Z, then cursor=2 and no further page", reqs)
	}
	again := fetch(t, s, b.State.Cursor)
	if len(again.Mentions) != 0 || again.Pages != 1 || again.State.Cursor != b.State.Cursor {
		t.Errorf("second run: %v in %d pages, cursor %q; want nothing new in 1 page", ids(again.Mentions), again.Pages, again.State.Cursor)
	}
}

// fakeBlueskyPDS logs in with app-pass-SECRET, hands out jwt-1, jwt-2, …
// and accepts only the latest token, answering 400 ExpiredToken otherwise.
type fakeBlueskyPDS struct {
	mu     sync.Mutex
	issued int
	expire bool // the next search refuses the current token
}

func (p *fakeBlueskyPDS) handle(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if r.URL.Path == "/xrpc/com.atproto.server.createSession" {
			var in struct{ Identifier, Password string }
			if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" ||
				json.NewDecoder(r.Body).Decode(&in) != nil || in.Identifier != "alice.bsky.social" || in.Password != "app-pass-SECRET" {
				w.WriteHeader(http.StatusUnauthorized)
				w.Write([]byte(`{"error":"AuthenticationRequired","message":"Invalid identifier or password"}`))
				return
			}
			p.issued++
			serveJSON(w, []byte(`{"accessJwt":"jwt-`+string(rune('0'+p.issued))+`","refreshJwt":"r","handle":"alice.bsky.social","did":"did:plc:z72i7hdynmk6r22z27h6tvur"}`))
			return
		}
		if p.expire || r.Header.Get("Authorization") != "Bearer jwt-"+string(rune('0'+p.issued)) {
			p.expire = false
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"error":"ExpiredToken","message":"Token has expired"}`))
			return
		}
		serveJSON(w, apiFixture(t, "bluesky/searchPosts.json"))
	}
}

func TestBlueskySessionIsReusedAndRenewed(t *testing.T) {
	pds := &fakeBlueskyPDS{}
	f := newFakeAPI(t, pds.handle(t))
	src := config.Source{Name: "b", Type: "bluesky", Query: "acme", Identifier: "alice.bsky.social", Password: "app-pass-SECRET"}
	s := f.source(src, apiCrawl(), Options{})
	fetch(t, s, "")
	fetch(t, s, "") // same session
	pds.mu.Lock()
	pds.expire = true
	pds.mu.Unlock()
	if b := fetch(t, s, ""); len(b.Mentions) != 2 {
		t.Errorf("after renewing the session: %d mentions, want 2", len(b.Mentions))
	}
	type call struct{ method, auth string }
	var got []call
	for _, r := range f.requests() {
		got = append(got, call{r.Method, r.Header.Get("Authorization")})
		if ua := r.Header.Get("User-Agent"); ua != apiUA {
			t.Errorf("%s %s User-Agent = %q, want %q", r.Method, r.Path, ua, apiUA)
		}
	}
	want := []call{{"POST", ""}, {"GET", "Bearer jwt-1"}, {"GET", "Bearer jwt-1"}, {"GET", "Bearer jwt-1"}, {"POST", ""}, {"GET", "Bearer jwt-2"}}
	if !slices.Equal(got, want) {
		t.Errorf("calls = %v, want %v", got, want)
	}
}

func TestBlueskyLoginFailureIsClearAndSecret(t *testing.T) {
	f := newFakeAPI(t, (&fakeBlueskyPDS{}).handle(t))
	src := config.Source{Name: "b", Type: "bluesky", Query: "acme", Identifier: "alice.bsky.social", Password: "wrong-SECRET"}
	_, err := f.source(src, apiCrawl(), Options{}).Fetch(context.Background(), model.SourceState{})
	if !errors.Is(err, ErrBadSource) || !strings.Contains(err.Error(), "HTTP 401") || !strings.Contains(err.Error(), "Invalid identifier or password") ||
		!strings.Contains(err.Error(), "password_env") {
		t.Errorf("Fetch error = %v, want ErrBadSource, HTTP 401, the server's reason and a hint about password_env", err)
	}
	if err != nil && strings.Contains(err.Error(), "wrong-SECRET") {
		t.Errorf("error leaks the password: %v", err)
	}
	if reqs := f.requests(); len(reqs) != 1 || reqs[0].Method != http.MethodPost {
		t.Errorf("requests = %+v, want only the failed login", reqs)
	}
}

func TestBlueskyBadResponses(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"truncated", `{"posts":[{"uri":"at://x`, "not an app.bsky.feed.searchPosts result"},
		{"error body", `{"error":"InternalServerError"}`, `no "posts" array`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { serveJSON(w, []byte(tc.body)) })
			_, err := f.source(config.Source{Name: "b", Type: "bluesky", Query: "acme"}, apiCrawl(), Options{}).
				Fetch(context.Background(), model.SourceState{})
			if !errors.Is(err, ErrBadResponse) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Fetch error = %v, want ErrBadResponse saying %q", err, tc.want)
			}
		})
	}
}

func TestBlueskyConfig(t *testing.T) {
	for _, src := range []config.Source{
		{Name: "b", Type: "bluesky"},
		{Name: "b", Type: "bluesky", Query: "acme", Identifier: "alice.bsky.social"},
	} {
		if _, err := New(src, apiCrawl(), Options{}); !errors.Is(err, ErrBadSource) {
			t.Errorf("New(%+v) error = %v, want ErrBadSource", src, err)
		}
	}
	for _, tc := range []struct {
		src  config.Source
		want string
	}{
		{config.Source{Name: "b", Type: "bluesky", Query: "acme"}, blueskyPublicAPI},
		{config.Source{Name: "b", Type: "bluesky", Query: "acme", Identifier: "a", Password: "p"}, blueskyPDS},
		{config.Source{Name: "b", Type: "bluesky", Query: "acme", URL: "https://api.example/"}, "https://api.example"},
	} {
		s, err := New(tc.src, apiCrawl(), Options{})
		if err != nil || s.(*blueskySource).api != tc.want {
			t.Errorf("New(%+v) base = %v (%v), want %s", tc.src, s, err, tc.want)
		}
	}
}
