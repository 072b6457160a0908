package app

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/config"
)

// A source whose server is slow and then fails: each pass takes ~400ms.
// The crawl duration histogram must say so, not record the pass as 0s.
func TestFailedPassDurationIsRecorded(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		time.Sleep(400 * time.Millisecond)
		http.Error(w, "overloaded", http.StatusServiceUnavailable)
	}))
	defer site.Close()
	yaml := fmt.Sprintf("store: {path: %s}\ncrawl: {delay: 1ms, retries: 0}\nbrands: [{name: Acme}]\nsources:\n  - {name: slow, type: feed, url: %q}\n",
		filepath.Join(t.TempDir(), "x.db"), site.URL+"/feed")
	cfg, err := config.Parse("x.yaml", []byte(yaml), nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	start := time.Now()
	_, err = a.Crawl(context.Background(), "slow")
	took := time.Since(start)
	t.Logf("pass took %v, err = %v", took, err)
	rec := httptest.NewRecorder()
	a.telemetry.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	m := regexp.MustCompile(`(?m)^earshot_crawl_duration_seconds_sum\{source="slow"\} (\S+)$`).FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("no duration sum for slow:\n%s", rec.Body.String())
	}
	sum, _ := strconv.ParseFloat(m[1], 64)
	if sum < 0.3 {
		t.Errorf("earshot_crawl_duration_seconds_sum{source=\"slow\"} = %v after a failed pass that took %v", sum, took)
	}
}
