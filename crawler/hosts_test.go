package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/temoto/robotstxt"

	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
)

// startTimes records when each request left the client, in order.
type startTimes struct {
	next  http.RoundTripper
	mu    sync.Mutex
	times []time.Time
	paths []string
}

func (s *startTimes) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.times = append(s.times, time.Now())
	s.paths = append(s.paths, r.URL.RequestURI())
	s.mu.Unlock()
	return s.next.RoundTrip(r)
}

// reviewSite serves the hotel review pages and an allow-all robots.txt,
// counting robots.txt requests.
func reviewSite(t *testing.T, robotsHits *atomic.Int32) *httptest.Server {
	t.Helper()
	pages := map[string][]byte{
		"/reviews":        readTestdata(t, "pages/hotel-reviews.html"),
		"/reviews?page=2": readTestdata(t, "pages/hotel-reviews-page2.html"),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			robotsHits.Add(1)
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
			return
		}
		body, ok := pages[r.URL.RequestURI()]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Two sources on one host share its delay: however their runs interleave,
// no two requests to the host (robots.txt included) start closer than the
// delay, and robots.txt is read once for both.
func TestHostsSharedAcrossSources(t *testing.T) {
	const delay = 300 * time.Millisecond
	const slack = delay / 3 // client-side scheduling between taking a turn and sending
	var robotsHits atomic.Int32
	srv := reviewSite(t, &robotsHits)
	rec := &startTimes{next: srv.Client().Transport}
	crawl := testCrawl()
	crawl.Delay, crawl.Parallelism = config.Duration(delay), 2
	opts := Options{Version: "test", HTTPClient: &http.Client{Transport: rec}, Hosts: NewHosts()}
	srcs := []config.Source{
		{Name: "hotel-a", Type: "jsonld", URL: srv.URL + "/reviews", MaxPages: 2},
		{Name: "hotel-b", Type: "jsonld", URL: srv.URL + "/reviews?page=2", MaxPages: 1},
	}
	var wg sync.WaitGroup
	for _, src := range srcs {
		s, err := New(src, crawl, opts)
		if err != nil {
			t.Fatalf("New(%s): %v", src.Name, err)
		}
		wg.Go(func() {
			if _, err := s.Fetch(context.Background(), model.SourceState{}); err != nil {
				t.Errorf("%s: Fetch: %v", src.Name, err)
			}
		})
	}
	wg.Wait()
	if n := robotsHits.Load(); n != 1 {
		t.Errorf("robots.txt requested %d times by two sources sharing Hosts, want 1", n)
	}
	if len(rec.times) != 4 {
		t.Fatalf("requests = %q, want robots.txt and three pages", rec.paths)
	}
	for i := 1; i < len(rec.times); i++ {
		if gap := rec.times[i].Sub(rec.times[i-1]); gap < delay-slack {
			t.Errorf("request %d (%s) started %v after %s, want at least the delay %v", i, rec.paths[i], gap, rec.paths[i-1], delay)
		}
	}
}

// Fetchers sharing Hosts share the host's parallelism; separate hosts do not
// wait for each other.
func TestHostsSharedParallelism(t *testing.T) {
	const limit = 2
	var inFlight, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(20 * time.Millisecond) // hold the slot so overlapping requests would show
	}))
	defer srv.Close()
	crawl := testCrawl()
	crawl.Parallelism = limit
	hosts := NewHosts()
	var wg sync.WaitGroup
	for range 3 {
		f := newFetcher(crawl, Options{HTTPClient: srv.Client(), Hosts: hosts})
		for i := range 4 {
			wg.Go(func() {
				if _, err := f.get(context.Background(), fmt.Sprintf("%s/p/%d", srv.URL, i), nil); err != nil {
					t.Error(err)
				}
			})
		}
	}
	wg.Wait()
	if got := peak.Load(); got > limit {
		t.Errorf("peak concurrent requests from 3 fetchers sharing Hosts = %d, want at most %d", got, limit)
	}
}

func TestHostLimitWaitEndsWithContext(t *testing.T) {
	l := NewHosts().limit("example.com")
	release, err := l.acquire(context.Background(), 1, 0)
	if err != nil {
		t.Fatalf("first acquire: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := l.acquire(ctx, 1, time.Hour); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("acquire while the only slot is taken = %v, want context.DeadlineExceeded", err)
	}
	release()
	// The slot is free now, but the hour-long gap of the first request holds.
	l.next = time.Now().Add(time.Hour)
	ctx2, cancel2 := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel2()
	if _, err := l.acquire(ctx2, 1, 0); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("acquire within the gap = %v, want context.DeadlineExceeded", err)
	}
}

// A robots.txt fetch that fails is not kept: the next request asks again.
func TestHostsRobotsErrorNotCached(t *testing.T) {
	h := NewHosts()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	var loads int
	load := func(context.Context) (*robotstxt.RobotsData, error) {
		loads++
		if loads == 1 {
			return nil, errors.New("connection reset")
		}
		return nil, nil
	}
	for i, wantErr := range []bool{true, false, false} {
		if _, err := h.robotsFor(context.Background(), "https://example.com", now, load); (err != nil) != wantErr {
			t.Errorf("robotsFor call %d error = %v, want error %v", i+1, err, wantErr)
		}
	}
	if loads != 2 {
		t.Errorf("robots.txt loaded %d times, want 2 (once after the failure, then cached)", loads)
	}
}

// Requests to other hosts are not held up by one host's delay.
func TestHostsAreIndependent(t *testing.T) {
	h := NewHosts()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if h.limit("Example.COM") != h.limit("example.com") {
		t.Error("limit(Example.COM) and limit(example.com) differ, want one limiter per host name")
	}
	for _, host := range []string{"a.example", "b.example", "a.example:8080"} {
		release, err := h.limit(host).acquire(ctx, 1, time.Hour)
		if err != nil {
			t.Fatalf("acquire(%s) after other hosts' hour-long gaps: %v", host, err)
		}
		release()
	}
}
