package app

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/config"
)

// A source whose server never answers within the configured timeout has
// failed (status shows the failure, the health rule counts it): the metrics
// must count it as an error, not as a pass cancelled by shutdown.
func TestTimedOutSourceIsAnErrorInMetrics(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		time.Sleep(time.Second)
	}))
	defer site.Close()
	yaml := fmt.Sprintf("store: {path: %s}\ncrawl: {delay: 1ms, retries: 0, timeout: 200ms}\nbrands: [{name: Acme}]\nsources:\n  - {name: slow, type: feed, url: %q}\n",
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
	_, err = a.Crawl(context.Background(), "slow")
	t.Logf("err = %v", err)
	if err == nil {
		t.Fatal("expected a timeout error")
	}
	rec := httptest.NewRecorder()
	a.telemetry.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for _, l := range strings.Split(rec.Body.String(), "\n") {
		if strings.HasPrefix(l, "earshot_crawl_runs_total") {
			t.Log(l)
		}
	}
	if !strings.Contains(rec.Body.String(), `earshot_crawl_runs_total{source="slow",outcome="error"} 1`) {
		t.Errorf("a source that timed out (a recorded failure) is not counted as outcome=\"error\"")
	}
}
