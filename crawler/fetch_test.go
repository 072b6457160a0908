package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/config"
)

const testContact = "mailto:ops@example.com"

// testCrawl is the loaded defaults with the delay switched off (0s, as a
// config file would say) so tests are quick.
func testCrawl() config.Crawl {
	c := config.Default().Crawl
	c.Contact, c.Delay, c.Timeout = testContact, 0, config.Duration(5*time.Second)
	return c
}

// sleeps records the retry waits instead of sleeping.
type sleeps struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

// newTestFetcher returns a fetcher for srv with recorded, instant sleeps and no jitter.
func newTestFetcher(t testing.TB, srv *httptest.Server, crawl config.Crawl) (*fetcher, *sleeps) {
	t.Helper()
	f := newFetcher(crawl, Options{Version: "1.2.3", HTTPClient: srv.Client()})
	s := &sleeps{}
	f.sleep = s.sleep
	f.jitter = func(time.Duration) time.Duration { return 0 }
	return f, s
}

func TestFetchUserAgentNamesEarshotAndContact(t *testing.T) {
	var mu sync.Mutex
	agents := map[string]string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents[r.URL.Path] = r.UserAgent()
		mu.Unlock()
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	f, _ := newTestFetcher(t, srv, testCrawl())
	resp, err := f.get(context.Background(), srv.URL+"/page", nil)
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if string(resp.Body) != "ok" || resp.Status != 200 {
		t.Errorf("get = %d %q, want 200 %q", resp.Status, resp.Body, "ok")
	}
	want := "earshot/1.2.3 (+" + testContact + ")"
	for _, path := range []string{"/page", "/robots.txt"} {
		if got := agents[path]; got != want {
			t.Errorf("User-Agent for %s = %q, want %q", path, got, want)
		}
	}
}

func TestFetchRobots(t *testing.T) {
	const all = "User-agent: *\nDisallow: /private\n"
	// A group naming earshot replaces the * group for earshot (RFC 9309).
	const named = all + "\nUser-agent: earshot\nDisallow: /no-earshot\n"
	tests := []struct {
		name    string
		robots  string
		path    string
		respect bool
		blocked bool
	}{
		{"allowed path", all, "/public", true, false},
		{"disallowed for all agents", all, "/private/page", true, true},
		{"disallowed for earshot by name", named, "/no-earshot", true, true},
		{"named group replaces the * group", named, "/private/page", true, false},
		{"respect_robots false", all, "/private/page", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					fmt.Fprint(w, tt.robots)
					return
				}
				hits.Add(1)
			}))
			defer srv.Close()
			crawl := testCrawl()
			crawl.RespectRobots = &tt.respect
			f, _ := newTestFetcher(t, srv, crawl)
			_, err := f.get(context.Background(), srv.URL+tt.path, nil)
			if tt.blocked {
				if !errors.Is(err, ErrRobotsDisallowed) || !strings.Contains(err.Error(), "robots.txt") || !strings.Contains(err.Error(), tt.path) {
					t.Errorf("get(%s) error = %v, want ErrRobotsDisallowed naming robots.txt and the URL", tt.path, err)
				}
				if hits.Load() != 0 {
					t.Errorf("server got %d requests for a disallowed page, want 0", hits.Load())
				}
				return
			}
			if err != nil || hits.Load() != 1 {
				t.Errorf("get(%s) = %v with %d hits, want success with 1 hit", tt.path, err, hits.Load())
			}
		})
	}
}

func TestFetchRetryAfter(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter func(now time.Time) string
		wantWait   time.Duration
	}{
		{"seconds", func(time.Time) string { return "1" }, time.Second},
		{"HTTP date", func(now time.Time) string { return now.Add(3 * time.Second).Format(http.TimeFormat) }, 3 * time.Second},
	}
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					http.NotFound(w, r)
					return
				}
				if hits.Add(1) == 1 {
					w.Header().Set("Retry-After", tt.retryAfter(now))
					w.WriteHeader(http.StatusTooManyRequests)
					return
				}
				fmt.Fprint(w, "finally")
			}))
			defer srv.Close()
			f, s := newTestFetcher(t, srv, testCrawl())
			f.now = func() time.Time { return now }
			resp, err := f.get(context.Background(), srv.URL+"/x", nil)
			if err != nil || string(resp.Body) != "finally" {
				t.Fatalf("get = %v, %v; want the body after one retry", resp, err)
			}
			if len(s.waits) != 1 || s.waits[0] != tt.wantWait {
				t.Errorf("waits = %v, want [%v]", s.waits, tt.wantWait)
			}
		})
	}
}

func TestFetchRetryAfterTooLongGivesUp(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	f, s := newTestFetcher(t, srv, testCrawl())
	_, err := f.get(context.Background(), srv.URL+"/x", nil)
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != 429 || he.RetryAfter != time.Hour {
		t.Fatalf("get error = %v, want *HTTPError 429 with RetryAfter 1h", err)
	}
	if len(s.waits) != 0 {
		t.Errorf("waits = %v, want none (an hour is longer than a run may block)", s.waits)
	}
}

func TestFetchServerErrorStreak(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		hits.Add(1)
		http.Error(w, "boom", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	f, s := newTestFetcher(t, srv, testCrawl())
	_, err := f.get(context.Background(), srv.URL+"/x", nil)
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != 503 || he.URL != srv.URL+"/x" {
		t.Fatalf("get error = %v, want *HTTPError{%s, 503}", err, srv.URL+"/x")
	}
	if got := hits.Load(); got != 4 {
		t.Errorf("server hits = %d, want 4 (1 + 3 retries)", got)
	}
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second}
	if fmt.Sprint(s.waits) != fmt.Sprint(want) {
		t.Errorf("backoff waits = %v, want %v", s.waits, want)
	}
}

func TestFetchClientErrorNotRetried(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/robots.txt" {
			hits.Add(1)
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	f, _ := newTestFetcher(t, srv, testCrawl())
	_, err := f.get(context.Background(), srv.URL+"/gone", nil)
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != 404 || hits.Load() != 1 {
		t.Errorf("get = %v after %d hits, want *HTTPError 404 after 1 hit", err, hits.Load())
	}
}

func TestFetchNeverAnswers(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	t.Run("crawl timeout", func(t *testing.T) {
		crawl := testCrawl()
		crawl.Timeout = config.Duration(100 * time.Millisecond)
		crawl.Retries = -1
		f, _ := newTestFetcher(t, srv, crawl)
		_, err := f.get(context.Background(), srv.URL+"/hang", nil)
		if err == nil || !strings.Contains(err.Error(), "Timeout") {
			t.Errorf("get error = %v, want a timeout", err)
		}
	})
	t.Run("context deadline", func(t *testing.T) {
		f, _ := newTestFetcher(t, srv, testCrawl())
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		_, err := f.get(ctx, srv.URL+"/hang", nil)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("get error = %v, want context.DeadlineExceeded", err)
		}
	})
}

func TestFetchRedirectLoop(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/a":
			hits.Add(1)
			http.Redirect(w, r, "/b", http.StatusFound)
		default:
			hits.Add(1)
			http.Redirect(w, r, "/a", http.StatusFound)
		}
	}))
	defer srv.Close()
	crawl := testCrawl()
	crawl.MaxRedirects = 4
	f, s := newTestFetcher(t, srv, crawl)
	_, err := f.get(context.Background(), srv.URL+"/a", nil)
	if !errors.Is(err, ErrTooManyRedirects) || !strings.Contains(err.Error(), "redirects") {
		t.Fatalf("get error = %v, want ErrTooManyRedirects", err)
	}
	if got := hits.Load(); got != 5 {
		t.Errorf("server hits = %d, want 5 (first request + 4 redirects)", got)
	}
	if len(s.waits) != 0 {
		t.Errorf("a redirect loop was retried (%v); it never gets better", s.waits)
	}
}

func TestFetchRedirectFollowedReportsFinalURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
			return
		}
		fmt.Fprint(w, r.URL.Path)
	}))
	defer srv.Close()
	f, _ := newTestFetcher(t, srv, testCrawl())
	resp, err := f.get(context.Background(), srv.URL+"/old", nil)
	if err != nil || resp.URL != srv.URL+"/new" || string(resp.Body) != "/new" {
		t.Errorf("get(/old) = %+v, %v; want final URL %s/new", resp, err, srv.URL)
	}
}

func TestFetchBodyTooLarge(t *testing.T) {
	const size = 50 << 20
	chunk := strings.Repeat("x", 64<<10)
	for _, declared := range []bool{true, false} {
		t.Run(fmt.Sprintf("content-length=%v", declared), func(t *testing.T) {
			var written atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					http.NotFound(w, r)
					return
				}
				if declared {
					w.Header().Set("Content-Length", fmt.Sprint(size))
				}
				for written.Load() < size {
					n, err := io.WriteString(w, chunk)
					written.Add(int64(n))
					if err != nil {
						return
					}
				}
			}))
			defer srv.Close()
			crawl := testCrawl()
			crawl.MaxBodyBytes = 1 << 20
			f, s := newTestFetcher(t, srv, crawl)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := f.get(context.Background(), srv.URL+"/huge", nil)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, ErrBodyTooLarge) {
				t.Fatalf("get error = %v, want ErrBodyTooLarge", err)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
				t.Errorf("allocated %d bytes for a refused 50 MB body, want < 16 MiB", alloc)
			}
			if len(s.waits) != 0 {
				t.Errorf("an oversized body was retried (%v)", s.waits)
			}
		})
	}
}

func TestFetchKeepsRawBytesAndHeaders(t *testing.T) {
	latin1 := []byte("caf\xe9")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=ISO-8859-1")
		w.Header().Set("ETag", `"v1"`)
		w.Write(latin1)
	}))
	defer srv.Close()
	f, _ := newTestFetcher(t, srv, testCrawl())
	resp, err := f.get(context.Background(), srv.URL+"/t", nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != string(latin1) || resp.Header.Get("Content-Type") != "text/plain; charset=ISO-8859-1" {
		t.Errorf("get = %q with Content-Type %q, want raw bytes %q and the charset kept", resp.Body, resp.Header.Get("Content-Type"), latin1)
	}
	resp, err = f.get(context.Background(), srv.URL+"/t", http.Header{"If-None-Match": {`"v1"`}})
	if err != nil || resp.Status != http.StatusNotModified {
		t.Errorf("conditional get = %v, %v; want a 304 response", resp, err)
	}
}

func TestFetchRejectsNonHTTPURL(t *testing.T) {
	f := newFetcher(testCrawl(), Options{})
	for _, u := range []string{"", "ftp://example.com/x", "/relative", "http://"} {
		if _, err := f.get(context.Background(), u, nil); !errors.Is(err, ErrBadSource) {
			t.Errorf("get(%q) error = %v, want ErrBadSource", u, err)
		}
	}
}
