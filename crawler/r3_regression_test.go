package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
)

// A source configured on an intranet host name (docker-compose service,
// corp DNS, /etc/hosts entry) that resolves to a private address must keep
// working: the operator chose that URL.
func TestIntranetHostnameSourceIsAllowed(t *testing.T) {
	host, err := os.Hostname()
	if err != nil {
		t.Skip(err)
	}
	addrs, err := net.LookupHost(host)
	if err != nil || len(addrs) == 0 || addrs[0] != "127.0.0.1" {
		t.Skipf("hostname %q resolves to %v, want 127.0.0.1 for this test", host, addrs)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><guid>1</guid><title>acme ok</title><description>acme is fine</description><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>`))
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	src := config.Source{Name: "intranet", Type: "feed", URL: "http://" + host + ":" + port + "/feed.xml", Brand: "Acme"}
	s, err := New(src, testCrawl(), Options{Version: "1.2.3"}) // the default client, as `earshot run` uses
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Fetch(context.Background(), model.SourceState{})
	if err != nil {
		t.Fatalf("feed at %s (an intranet name the operator configured) failed: %v", src.URL, err)
	}
	t.Logf("%d mentions", len(b.Mentions))
}

// A feed answering a conditional GET with 304 and the Content-Encoding of
// the representation it stands for is "not modified", not an error.
func TestNotModifiedWithGzipEncodingIsNotModified(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Vary", "Accept-Encoding")
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv.Close()
	src := config.Source{Name: "f", Type: "feed", URL: srv.URL + "/feed.xml", Brand: "Acme"}
	crawl := testCrawl()
	crawl.Retries = 0
	s, err := New(src, crawl, Options{Version: "1.2.3", HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Fetch(context.Background(), model.SourceState{ETag: `"v1"`})
	if err != nil || !b.NotModified {
		t.Fatalf("304 with Content-Encoding: gzip: NotModified=%v, err = %v", b.NotModified, err)
	}
}

// Same for a 200 with an empty gzip-encoded body (Content-Length: 0).
func TestEmptyGzipBodyIsEmpty(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	crawl := testCrawl()
	crawl.Retries = 0
	f, _ := newTestFetcher(t, srv, crawl)
	resp, err := f.get(context.Background(), srv.URL+"/x", nil)
	if err != nil {
		t.Fatalf("204 with Content-Encoding gzip: %v", err)
	}
	_ = resp
}

// CanonicalURL's fallback for ';' queries drops only a tracking key, not the
// real ids after the ';' in the same pair.
func TestCanonicalQuerySemicolonTrackingFirst(t *testing.T) {
	a := CanonicalURL("http://forum.example/review.pl?ref=rss;id=101")
	b := CanonicalURL("http://forum.example/review.pl?ref=rss;id=202")
	if a != "http://forum.example/review.pl?id=101" || b != "http://forum.example/review.pl?id=202" {
		t.Errorf("canonical URLs %q and %q; want the tracking ref dropped and each review's id kept", a, b)
	}
}

// A stored cursor in the future (written before future dates stopped moving
// cursors) is ignored: obeyed, it would skip every real review until then.
func TestStoredFutureCursorIsIgnored(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><script type="application/ld+json">{"@type":"Review","reviewBody":"acme broke today","datePublished":"2026-11-24T10:00:00Z","author":"x"}</script></html>`))
	}))
	defer srv.Close()
	src := config.Source{Name: "r", Type: "jsonld", URL: srv.URL + "/acme", Brand: "Acme"}
	s, err := New(src, testCrawl(), Options{Version: "1.2.3", HTTPClient: srv.Client(), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Fetch(context.Background(), model.SourceState{Cursor: "2027-11-24T00:00:00Z"})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Mentions) == 0 {
		t.Errorf("cursor a year ahead of now: today's review skipped, cursor stays %q, warnings %q", b.State.Cursor, b.Warnings)
	}
}

var _ = bytes.NewReader
var _ = gzip.NewReader
var _ = strings.Contains

// A run cut short by max_pages moves the cursor to the newest review of the
// pages it read (or it would re-read them for ever); the reviews it skipped
// are warned about, naming max_pages.
func TestMaxPagesCutIsWarned(t *testing.T) {
	review := func(body, date string) string {
		return `<script type="application/ld+json">{"@type":"Review","reviewBody":"` + body + `","datePublished":"` + date + `","author":"` + body + `"}</script>`
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		switch r.URL.Query().Get("page") {
		case "":
			w.Write([]byte(`<html><head><link rel="next" href="?page=2"></head>` + review("acme newest", "2026-11-24T10:00:00Z") + `</html>`))
		case "2":
			w.Write([]byte(`<html><head><link rel="next" href="?page=3"></head>` + review("acme middle", "2026-11-23T10:00:00Z") + `</html>`))
		default:
			w.Write([]byte(`<html>` + review("acme old", "2026-11-01T10:00:00Z") + `</html>`))
		}
	}))
	defer srv.Close()
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	src := config.Source{Name: "r", Type: "jsonld", URL: srv.URL + "/acme", Brand: "Acme", MaxPages: 1}
	s, err := New(src, testCrawl(), Options{Version: "1.2.3", HTTPClient: srv.Client(), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	state := model.SourceState{Cursor: "2026-11-01T10:00:00Z"} // last run saw "acme old"
	got := map[string]bool{}
	var warnings []string
	for range 3 {
		b, err := s.Fetch(context.Background(), state)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range b.Mentions {
			got[m.Text] = true
		}
		warnings = append(warnings, b.Warnings...)
		state = b.State
	}
	t.Logf("got %v, cursor %s, warnings %q", got, state.Cursor, warnings)
	if !got["acme middle"] && len(warnings) == 0 {
		t.Errorf("the review on page 2 (newer than the stored cursor) never came back, and no run warned that max_pages cut it off")
	}
}
