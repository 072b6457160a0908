package app_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/app"
	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/store"
)

const feed = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>Comments</title><link>%[1]s/</link>
<item><title>Acme again</title><link>%[1]s/c/1</link><guid>c-1</guid><pubDate>%[2]s</pubDate>
<description>Acme lost my parcel and support never answered.</description></item>
<item><title>Other</title><link>%[1]s/c/2</link><guid>c-2</guid><pubDate>%[2]s</pubDate>
<description>Nothing to do with any brand.</description></item>
</channel></rss>`

func TestRunCrawlsOnScheduleAndStopsCleanly(t *testing.T) {
	var hits atomic.Int32
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
		case "/feed":
			hits.Add(1)
			if !strings.HasPrefix(r.UserAgent(), "earshot/") {
				http.Error(w, "who are you", http.StatusForbidden)
				return
			}
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, feed, "http://"+r.Host, time.Now().UTC().Add(-time.Minute).Format(time.RFC1123Z))
		default:
			http.NotFound(w, r)
		}
	}))
	defer site.Close()
	db := filepath.Join(t.TempDir(), "run.db")
	yaml := fmt.Sprintf(`
store: {path: %s}
crawl: {delay: 10ms, jitter: 1ms, contact: "mailto:ops@example.com"}
brands: [{name: Acme}]
sources:
  - {name: comments, type: feed, url: "%s/feed", schedule: "@every 1s"}
alerts: {interval: 1s}
web: {listen: "%s"}
`, db, site.URL, freeAddr(t))
	cfg, err := config.Parse("run.yaml", []byte(yaml), nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(cfg, app.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2500*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	status := pollStatus(t, "http://"+cfg.Web.Listen+"/api/status")
	if !strings.Contains(status, `"Name":"comments"`) {
		t.Errorf("/api/status = %s, want the comments source", status)
	}
	// Prometheus metrics: the crawl counters, and what the store holds.
	metricsURL := "http://" + cfg.Web.Listen + "/metrics"
	for _, want := range []string{
		`earshot_crawl_runs_total{source="comments",outcome="ok"}`,
		`earshot_crawl_items_total{source="comments",result="new"} 1`,
		`earshot_crawl_items_total{source="comments",result="unmatched"}`,
		`earshot_crawl_duration_seconds_bucket{source="comments",le="+Inf"}`,
		`earshot_mentions_by_brand{brand="Acme"} 1`,
		`earshot_source_consecutive_failures{source="comments"} 0`,
		`earshot_build_info{version="test"} 1`,
		`go_goroutines`,
	} {
		if body := pollFor(t, metricsURL, want); !strings.Contains(body, want) {
			t.Errorf("/metrics has no %s:\n%s", want, body)
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("Run = %v, want a clean stop", err)
	}
	a.Close()
	if hits.Load() < 2 {
		t.Errorf("feed fetched %d times in 2.5s on @every 1s, want at least 2", hits.Load())
	}
	sdb, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	st, _ := sdb.Stats()
	if st.Mentions != 1 || st.ByBrand["Acme"] != 1 {
		t.Errorf("stats = %+v, want the one Acme mention stored once", st)
	}
	state, _ := sdb.SourceState("comments")
	if state.LastSuccess.IsZero() || state.ConsecutiveFailures != 0 {
		t.Errorf("source state = %+v", state)
	}
}

func TestNewReportsEveryBadSource(t *testing.T) {
	yaml := `
brands: [{name: Acme}]
sources:
  - {name: a, type: html, url: "https://example.com/a", selectors: {item: "div[", text: p}}
`
	cfg, err := config.Parse("bad.yaml", []byte(yaml), nil)
	if err != nil {
		t.Fatalf("the schema accepts any selector string; the crawler judges it: %v", err)
	}
	cfg.Store.Path = filepath.Join(t.TempDir(), "x.db")
	if _, err := app.New(cfg, app.Options{}); err == nil || !strings.Contains(err.Error(), "source a") {
		t.Errorf("New = %v, want an error naming source a", err)
	}
}

// freeAddr returns a loopback address with a port that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// pollStatus GETs url until the server answers 200 (it starts with Run).
func pollStatus(t *testing.T, url string) string {
	t.Helper()
	for range 100 {
		resp, err := http.Get(url)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return string(b)
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s never answered 200", url)
	return ""
}

// pollFor GETs url until its body contains want (or 2s pass) and returns the last body.
func pollFor(t *testing.T, url, want string) string {
	t.Helper()
	var body string
	for range 100 {
		if resp, err := http.Get(url); err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if body = string(b); strings.Contains(body, want) {
				return body
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return body
}
