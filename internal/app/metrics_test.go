package app

import (
	"errors"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/internal/pipeline"
	"github.com/earshot/earshot/store"
)

// Brand and source names come from the config and may hold quotes,
// backslashes or newlines: every exposition line must still parse.
func TestMetricsEscapeNamesAndParse(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "m.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	brand, source := "Ac\"me\\\nCo", `re"views`
	neg := &model.Analysis{Version: "t", Lang: "en", Scored: true, Score: -0.8, Label: model.Negative}
	if _, err := db.PutMentions([]model.Mention{{ID: "x", Source: source, Brands: []string{brand}, Text: "bad", PublishedAt: at, Analysis: neg}}); err != nil {
		t.Fatal(err)
	}
	tm := newTelemetry(db, []string{source}, "v1", func() time.Time { return at })
	tm.crawled(pipeline.Summary{Source: source, Fetched: 3, New: 1, Duration: 2 * time.Second}, nil, false)
	tm.crawled(pipeline.Summary{Source: source}, errors.New("503"), false)
	tm.alertsQueued([]model.Alert{{Rule: "negative_volume", Kind: model.AlertFiring}})

	rec := httptest.NewRecorder()
	tm.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	line := regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*",? ?)*\})? [-+0-9.eEInfa]+$`)
	for _, l := range strings.Split(strings.TrimSpace(body), "\n") {
		if !strings.HasPrefix(l, "#") && !line.MatchString(l) {
			t.Errorf("not a Prometheus sample line: %q", l)
		}
	}
	for _, want := range []string{
		`earshot_mentions_by_brand{brand="Ac\"me\\\nCo"} 1`,
		`earshot_mentions_by_label{label="negative"} 1`,
		`earshot_crawl_runs_total{source="re\"views",outcome="ok"} 1`,
		`earshot_crawl_runs_total{source="re\"views",outcome="error"} 1`,
		`earshot_crawl_items_total{source="re\"views",result="fetched"} 3`,
		`earshot_crawl_duration_seconds_bucket{source="re\"views",le="2.5"} 2`,
		`earshot_alerts_queued_total{rule="negative_volume",kind="firing"} 1`,
		`earshot_alert_deliveries_pending 0`,
		`earshot_store_read_errors 0`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("metrics lack %s", want)
		}
	}
}
