//go:build unix

package crawler_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/earshot/earshot/crawler"
	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
)

// The benchmarks serve testdata/pages/hotel-reviews.html (27 KB, 20 reviews in
// both JSON-LD and visible markup) from a loopback server and compare a bare
// colly fetch+parse with earshot's jsonld and html sources, which add robots,
// retries, charset handling, extraction, cleaning and ids. Run with
//
//	go test ./crawler -run '^$' -bench 'Colly|JSONLD|HTML' -cpu 1 -benchmem
//
// Each reports pages/s; the -cpu 1 sub-benchmarks p=N run N goroutines.

var parallelism = []int{1, 4, 16}

// benchSite serves the 20-review page; the transport is shared by colly and
// earshot so both get the same connection pool.
func benchSite(b *testing.B) (*httptest.Server, *http.Transport) {
	b.Helper()
	page, err := os.ReadFile("testdata/pages/hotel-reviews.html")
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/reviews" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	b.Cleanup(srv.Close)
	tr := &http.Transport{MaxIdleConns: 128, MaxIdleConnsPerHost: 128}
	b.Cleanup(tr.CloseIdleConnections)
	return srv, tr
}

// benchCrawl has politeness switched off: no delay, no host concurrency cap that
// would bind before the benchmark's goroutines do.
func benchCrawl() config.Crawl {
	c := config.Default().Crawl
	c.Contact, c.Delay, c.Parallelism, c.MaxPages = "mailto:bench@example.com", 0, 64, 1
	return c
}

// runParallel runs fetch from p goroutines per GOMAXPROCS and reports pages/s.
func runParallel(b *testing.B, fetch func() int) {
	for _, p := range parallelism {
		b.Run(fmt.Sprintf("p=%d", p), func(b *testing.B) {
			b.SetParallelism(p)
			b.ReportAllocs()
			var reviews atomic.Int64
			cpu0 := cpuTime()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					reviews.Add(int64(fetch()))
				}
			})
			if got := reviews.Load(); got != int64(b.N)*20 {
				b.Fatalf("extracted %d reviews from %d pages, want 20 a page", got, b.N)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
			// CPU per page (client and loopback server together) is steadier
			// than wall time on a shared machine.
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/page")
		})
	}
}

// BenchmarkCollyBaseline is colly alone: fetch the page and run one OnHTML
// callback per review, nothing else.
func BenchmarkCollyBaseline(b *testing.B) {
	srv, tr := benchSite(b)
	base := colly.NewCollector(colly.AllowURLRevisit())
	base.WithTransport(tr)
	runParallel(b, func() int {
		c := base.Clone()
		n := 0
		c.OnHTML("article.review", func(*colly.HTMLElement) { n++ })
		if err := c.Visit(srv.URL + "/reviews"); err != nil {
			b.Fatal(err)
		}
		return n
	})
}

func benchSource(b *testing.B, src config.Source) {
	srv, tr := benchSite(b)
	src.URL = srv.URL + "/reviews"
	s, err := crawler.New(src, benchCrawl(), crawler.Options{Version: "bench", HTTPClient: &http.Client{Transport: tr}})
	if err != nil {
		b.Fatal(err)
	}
	runParallel(b, func() int { return fetchOnce(b, s) })
}

func fetchOnce(b *testing.B, s crawler.Source) int {
	batch, err := s.Fetch(context.Background(), model.SourceState{})
	if err != nil {
		b.Fatal(err)
	}
	return len(batch.Mentions)
}

// BenchmarkJSONLD is the jsonld source on the same page.
func BenchmarkJSONLD(b *testing.B) {
	benchSource(b, config.Source{Name: "hotel", Type: "jsonld", Brand: "Harbour View"})
}

// BenchmarkHTML is the html source, with CSS selectors, on the same page.
func BenchmarkHTML(b *testing.B) {
	benchSource(b, config.Source{Name: "hotel", Type: "html", Brand: "Harbour View", Selectors: &config.Selectors{
		Item: "article.review", Text: ".review-body", Title: ".review-title", Author: "a.author",
		Rating: ".stars", RatingAttr: "data-rating", Date: "time.posted", DateAttr: "datetime", Link: "a.permalink"}})
}

// BenchmarkHeapFlat fetches 1,000 then 10,000 pages with one source and
// reports the live heap after each (after GC): flat memory means the two are
// close. Run with -benchtime 1x.
func BenchmarkHeapFlat(b *testing.B) {
	for _, typ := range []string{"jsonld", "html"} {
		b.Run(typ, func(b *testing.B) {
			srv, tr := benchSite(b)
			src := config.Source{Name: "hotel", Type: typ, URL: srv.URL + "/reviews", Selectors: &config.Selectors{Item: "article.review", Text: ".review-body"}}
			s, err := crawler.New(src, benchCrawl(), crawler.Options{Version: "bench", HTTPClient: &http.Client{Transport: tr}})
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				const n = 1000
				for range n {
					fetchOnce(b, s)
				}
				at1 := liveHeap()
				for range 9 * n {
					fetchOnce(b, s)
				}
				at10 := liveHeap()
				b.ReportMetric(float64(at1)/1024, "heapKiB@1k")
				b.ReportMetric(float64(at10)/1024, "heapKiB@10k")
			}
		})
	}
}

func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkVsColly interleaves a colly fetch+parse, a jsonld Fetch and an html
// Fetch of the same page in every iteration, so all three see the same machine
// load, and reports each source's time relative to colly's (the issue's
// target is at most 2, i.e. at least half colly's rate) and the pages/s each
// would reach alone at that share.
func BenchmarkVsColly(b *testing.B) {
	srv, tr := benchSite(b)
	base := colly.NewCollector(colly.AllowURLRevisit())
	base.WithTransport(tr)
	client := &http.Client{Transport: tr}
	jsonld, err := crawler.New(config.Source{Name: "j", Type: "jsonld", URL: srv.URL + "/reviews"}, benchCrawl(), crawler.Options{HTTPClient: client})
	if err != nil {
		b.Fatal(err)
	}
	htmlSrc, err := crawler.New(config.Source{Name: "h", Type: "html", URL: srv.URL + "/reviews", Selectors: &config.Selectors{
		Item: "article.review", Text: ".review-body", Title: ".review-title", Author: "a.author",
		Rating: ".stars", RatingAttr: "data-rating", Date: "time.posted", DateAttr: "datetime", Link: "a.permalink"}}, benchCrawl(), crawler.Options{HTTPClient: client})
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range parallelism {
		b.Run(fmt.Sprintf("p=%d", p), func(b *testing.B) {
			b.SetParallelism(p)
			var tc, tj, th atomic.Int64
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					t0 := time.Now()
					c := base.Clone()
					c.OnHTML("article.review", func(*colly.HTMLElement) {})
					if err := c.Visit(srv.URL + "/reviews"); err != nil {
						b.Error(err)
						return
					}
					t1 := time.Now()
					fetchOnce(b, jsonld)
					t2 := time.Now()
					fetchOnce(b, htmlSrc)
					t3 := time.Now()
					tc.Add(int64(t1.Sub(t0)))
					tj.Add(int64(t2.Sub(t1)))
					th.Add(int64(t3.Sub(t2)))
				}
			})
			total := float64(tc.Load() + tj.Load() + th.Load())
			perSec := func(t int64) float64 { return float64(b.N) / (b.Elapsed().Seconds() * float64(t) / total) }
			b.ReportMetric(float64(tj.Load())/float64(tc.Load()), "jsonld/colly")
			b.ReportMetric(float64(th.Load())/float64(tc.Load()), "html/colly")
			b.ReportMetric(perSec(tc.Load()), "colly-pages/s")
			b.ReportMetric(perSec(tj.Load()), "jsonld-pages/s")
			b.ReportMetric(perSec(th.Load()), "html-pages/s")
		})
	}
}
