package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// postServer records the POSTs it gets and answers each with next(hit, w, r).
type postServer struct {
	mu     sync.Mutex
	bodies []string
	robots atomic.Int32
}

func (p *postServer) start(t *testing.T, next func(hit int, w http.ResponseWriter, r *http.Request)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			p.robots.Add(1)
			fmt.Fprint(w, "User-agent: *\nDisallow: /\n") // a POST to an API is not crawling
			return
		}
		body, _ := io.ReadAll(r.Body)
		p.mu.Lock()
		p.bodies = append(p.bodies, r.Method+" "+r.Header.Get("Content-Type")+" "+r.UserAgent()+" "+string(body))
		hit := len(p.bodies)
		p.mu.Unlock()
		next(hit, w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func (p *postServer) seen() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.bodies...)
}

func TestFetchPost(t *testing.T) {
	const sent = `{"identifier":"alice.bsky.social"}`
	wantSeen := "POST application/json earshot/1.2.3 (+" + testContact + ") " + sent
	// hangUp reads the request, then drops the connection without an answer:
	// the server may have acted on it.
	hangUp := func(w http.ResponseWriter) {
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			conn.Close()
		}
	}
	tests := []struct {
		name     string
		answer   func(hit int, w http.ResponseWriter, r *http.Request)
		wantHits int
		wantErr  string // "" = success
	}{
		{"ok", func(_ int, w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, `{"ok":true}`) }, 1, ""},
		{"503 is retried with the same body", func(hit int, w http.ResponseWriter, _ *http.Request) {
			if hit == 1 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			fmt.Fprint(w, `{"ok":true}`)
		}, 2, ""},
		{"429 is retried", func(hit int, w http.ResponseWriter, _ *http.Request) {
			if hit == 1 {
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			fmt.Fprint(w, `{"ok":true}`)
		}, 2, ""},
		{"401 is not retried", func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":"AuthenticationRequired"}`)
		}, 1, "POST http://"},
		{"connection dropped after the request is not retried", func(_ int, w http.ResponseWriter, _ *http.Request) { hangUp(w) }, 1, "POST http://"},
		{"body over the limit", func(_ int, w http.ResponseWriter, _ *http.Request) {
			fmt.Fprint(w, strings.Repeat("x", 2048))
		}, 1, "larger than crawl.max_body_bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &postServer{}
			srv := p.start(t, tt.answer)
			crawl := testCrawl()
			crawl.MaxBodyBytes = 1024
			f, _ := newTestFetcher(t, srv, crawl)
			resp, err := f.post(context.Background(), srv.URL+"/xrpc/x", "application/json", []byte(sent), http.Header{"Accept": {"application/json"}})
			switch {
			case tt.wantErr == "" && (err != nil || string(resp.Body) != `{"ok":true}`):
				t.Errorf("post = %v, %v; want the answer", resp, err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("post error = %v, want one containing %q", err, tt.wantErr)
			}
			seen := p.seen()
			if len(seen) != tt.wantHits {
				t.Errorf("server got %d POSTs, want %d", len(seen), tt.wantHits)
			}
			for i, s := range seen {
				if s != wantSeen {
					t.Errorf("request %d = %q, want %q", i+1, s, wantSeen)
				}
			}
			if n := p.robots.Load(); n != 0 {
				t.Errorf("robots.txt requested %d times for a POST, want 0", n)
			}
		})
	}
}

// A POST that never reached the server (connection refused) is safe to
// retry; one that may have (TestFetchPost) is not.
func TestFetchPostRetriedWhenNotSent(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	f, s := newTestFetcher(t, srv, testCrawl())
	srv.Close()
	_, err := f.post(context.Background(), srv.URL+"/xrpc/x", "application/json", []byte(`{}`), nil)
	if err == nil || len(s.waits) != f.set.retries {
		t.Errorf("post to a closed port = %v after waits %v; want an error after %d retries", err, s.waits, f.set.retries)
	}
}

// GETs keep retrying a dropped connection: reading twice does no harm.
func TestFetchGetRetriedAfterHangUp(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		if hits.Add(1) == 1 {
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				conn.Close()
			}
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	f, _ := newTestFetcher(t, srv, testCrawl())
	if resp, err := f.get(context.Background(), srv.URL+"/x", nil); err != nil || string(resp.Body) != "ok" || hits.Load() != 2 {
		t.Errorf("get = %v, %v after %d hits; want ok after 2", resp, err, hits.Load())
	}
}

func TestHTTPErrorNamesMethod(t *testing.T) {
	tests := []struct {
		err  HTTPError
		want string
	}{
		{HTTPError{URL: "https://a.example/x", Status: 404}, "GET https://a.example/x: HTTP 404 Not Found"},
		{HTTPError{Method: "POST", URL: "https://a.example/x", Status: 401, Body: []byte("secret echo")}, "POST https://a.example/x: HTTP 401 Unauthorized"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	var he *HTTPError
	if err := fmt.Errorf("wrapped: %w", &tests[1].err); !errors.As(err, &he) || string(he.Body) != "secret echo" {
		t.Errorf("errors.As kept Body %q, want the server's body", he.Body)
	}
}
