package crawler

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
)

// Shared by the API source tests (mastodon, reddit, hackernews, bluesky).

const (
	apiContact = "https://example.org/earshot-contact"
	apiUA      = "earshot/test (+" + apiContact + ")"
)

var apiNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// apiCrawl switches off delays and retries, so a bad answer fails at once.
func apiCrawl() config.Crawl {
	c := config.Default().Crawl
	c.Contact, c.Delay, c.Retries, c.Timeout = apiContact, 0, 0, config.Duration(5*time.Second)
	return c
}

// apiRequest is what the fake API saw.
type apiRequest struct {
	Method, Path string
	Query        url.Values
	Header       http.Header
	Body         string
}

// fakeAPI is an httptest server that records every request but robots.txt
// (answered 404: everything allowed) and answers through handle.
type fakeAPI struct {
	t   testing.TB
	srv *httptest.Server
	mu  sync.Mutex
	got []apiRequest
}

func newFakeAPI(t testing.TB, handle http.HandlerFunc) *fakeAPI {
	t.Helper()
	f := &fakeAPI{t: t}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		f.mu.Lock()
		f.got = append(f.got, apiRequest{r.Method, r.URL.Path, r.URL.Query(), r.Header.Clone(), string(body)})
		f.mu.Unlock()
		handle(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// requests returns the requests so far.
func (f *fakeAPI) requests() []apiRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]apiRequest(nil), f.got...)
}

// source builds a source against the fake; src.URL defaults to the server.
func (f *fakeAPI) source(src config.Source, crawl config.Crawl, opts Options) Source {
	f.t.Helper()
	if src.URL == "" {
		src.URL = f.srv.URL
	}
	opts.Version, opts.HTTPClient, opts.Now = "test", f.srv.Client(), func() time.Time { return apiNow }
	s, err := New(src, crawl, opts)
	if err != nil {
		f.t.Fatalf("New(%+v): %v", src, err)
	}
	return s
}

// fetch runs one pass from cursor and fails the test on error.
func fetch(t testing.TB, s Source, cursor string) Batch {
	t.Helper()
	b, err := s.Fetch(context.Background(), model.SourceState{Source: s.Name(), Cursor: cursor})
	if err != nil {
		t.Fatalf("%s: Fetch(cursor %q): %v", s.Name(), cursor, err)
	}
	return b
}

// serveJSON answers with a JSON body.
func serveJSON(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(body)
}

func apiFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func ids(ms []model.Mention) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

// checkAPIMention compares the fields every API source sets.
func checkAPIMention(t *testing.T, got, want model.Mention) {
	t.Helper()
	want.FetchedAt = apiNow
	if got.ID != want.ID || got.Source != want.Source || got.URL != want.URL || got.Author != want.Author ||
		got.Title != want.Title || got.Text != want.Text || !got.PublishedAt.Equal(want.PublishedAt) ||
		!got.FetchedAt.Equal(want.FetchedAt) || got.Rating != nil || len(got.Brands) != len(want.Brands) {
		t.Errorf("mention\n got %+v\nwant %+v", got, want)
	}
}

// checkCommonHeaders asserts the User-Agent and that Authorization is sent
// exactly when wantAuth is not "".
func checkCommonHeaders(t *testing.T, reqs []apiRequest, wantAuth string) {
	t.Helper()
	for _, r := range reqs {
		if ua := r.Header.Get("User-Agent"); ua != apiUA {
			t.Errorf("%s %s User-Agent = %q, want %q", r.Method, r.Path, ua, apiUA)
		}
		if got := r.Header.Get("Authorization"); got != wantAuth {
			t.Errorf("%s %s Authorization = %q, want %q", r.Method, r.Path, got, wantAuth)
		}
	}
}
