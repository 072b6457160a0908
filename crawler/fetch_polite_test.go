package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
)

func TestFetchRobotsReReadAfterTTL(t *testing.T) {
	var robots atomic.Value
	robots.Store("User-agent: *\nDisallow: /x\n")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, robots.Load())
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	f, _ := newTestFetcher(t, srv, testCrawl())
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	f.now = func() time.Time { return now }
	if _, err := f.get(context.Background(), srv.URL+"/x", nil); !errors.Is(err, ErrRobotsDisallowed) {
		t.Fatalf("first get error = %v, want ErrRobotsDisallowed", err)
	}
	robots.Store("User-agent: *\nAllow: /\n")
	now = now.Add(robotsTTL / 2)
	if _, err := f.get(context.Background(), srv.URL+"/x", nil); !errors.Is(err, ErrRobotsDisallowed) {
		t.Errorf("get within the TTL error = %v, want the cached disallow", err)
	}
	now = now.Add(robotsTTL)
	if resp, err := f.get(context.Background(), srv.URL+"/x", nil); err != nil || string(resp.Body) != "ok" {
		t.Errorf("get after the TTL = %v, %v; want the page (robots.txt re-read)", resp, err)
	}
}

func TestFetchPerHostParallelism(t *testing.T) {
	for _, limit := range []int{1, 3} {
		t.Run(fmt.Sprint("parallelism=", limit), func(t *testing.T) {
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
				// Hold the slot until the allowed number of requests is in
				// flight (a machine too slow to overlap them cannot pass
				// for a limit that works), then a little longer so that
				// requests over the limit would show.
				for deadline := time.Now().Add(10 * time.Second); peak.Load() < int32(limit) && time.Now().Before(deadline); {
					time.Sleep(time.Millisecond)
				}
				time.Sleep(10 * time.Millisecond)
			}))
			defer srv.Close()
			crawl := testCrawl()
			crawl.Parallelism = limit
			f, _ := newTestFetcher(t, srv, crawl)
			var wg sync.WaitGroup
			for i := range 8 {
				wg.Go(func() {
					if _, err := f.get(context.Background(), fmt.Sprintf("%s/p/%d", srv.URL, i), nil); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			if got := peak.Load(); got != int32(limit) {
				t.Errorf("peak concurrent requests to the host = %d, want %d", got, limit)
			}
		})
	}
}

func TestFetchNetworkErrorRetried(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		if hits.Add(1) == 1 {
			// Headers promise 100 bytes, the connection dies after 5: a read error.
			w.Header().Set("Content-Length", "100")
			fmt.Fprint(w, "trunc")
			w.(http.Flusher).Flush()
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				conn.Close()
			}
			return
		}
		fmt.Fprint(w, "second time lucky")
	}))
	defer srv.Close()
	f, s := newTestFetcher(t, srv, testCrawl())
	resp, err := f.get(context.Background(), srv.URL+"/flaky", nil)
	if err != nil || string(resp.Body) != "second time lucky" || len(s.waits) != 1 {
		t.Errorf("get = %v, %v after waits %v; want the body after one retry", resp, err, s.waits)
	}
}

func TestFetchRetriesOff(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		hits.Add(1)
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	crawl := testCrawl()
	crawl.Retries = 0 // as written in a config file: no retry
	f, s := newTestFetcher(t, srv, crawl)
	_, err := f.get(context.Background(), srv.URL+"/x", nil)
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != 502 || hits.Load() != 1 || len(s.waits) != 0 {
		t.Errorf("get = %v after %d hits and waits %v; want HTTP 502 after 1 hit, no wait", err, hits.Load(), s.waits)
	}
}

func TestSleepCtxStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleepCtx(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("sleepCtx(cancelled, 1h) = %v, want context.Canceled", err)
	}
	if err := sleepCtx(context.Background(), time.Millisecond); err != nil {
		t.Errorf("sleepCtx(1ms) = %v, want nil", err)
	}
}

func TestRandomJitterInRange(t *testing.T) {
	for range 1000 {
		if j := randomJitter(time.Second); j < 0 || j >= time.Second {
			t.Fatalf("randomJitter(1s) = %v, want [0, 1s)", j)
		}
	}
	if j := randomJitter(0); j != 0 {
		t.Errorf("randomJitter(0) = %v, want 0", j)
	}
}

func TestUnreadableCursorIsReported(t *testing.T) {
	srv := hotelSite(t)
	s := newTestSource(t, srv, config.Source{Name: "hotel", Type: "jsonld", URL: srv.URL + "/reviews", MaxPages: 1})
	b, err := s.Fetch(context.Background(), model.SourceState{Cursor: "yesterday"})
	if err != nil || len(b.Mentions) != 20 || len(b.Warnings) != 1 || !strings.Contains(b.Warnings[0], `unreadable cursor "yesterday"`) {
		t.Errorf("Fetch = %d mentions, warnings %q, %v; want all 20 and a warning", len(b.Mentions), b.Warnings, err)
	}
}
