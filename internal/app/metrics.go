package app

import (
	"bytes"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/VictoriaMetrics/metrics"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/internal/pipeline"
	"github.com/earshot/earshot/store"
)

// telemetry is the service's Prometheus metrics, served at GET /metrics on
// web.listen. Counters (crawl runs and items, alerts queued) live in a
// metrics.Set owned by the App, not the library's global one; what the store
// already knows (mentions, source health, the outbox) is read at scrape time,
// so it is right after a restart too.
//
// github.com/VictoriaMetrics/metrics was chosen over the Prometheus client:
// it writes the same exposition format with two small dependencies instead
// of a dozen, and its Set keeps the metrics out of global state.
type telemetry struct {
	set     *metrics.Set
	db      *store.DB
	sources []string
	now     func() time.Time
}

// crawlBuckets are the upper bounds, in seconds, of the crawl duration
// histogram: a feed answers in a fraction of a second, a paged review site
// or a sliced Hacker News search can take minutes.
var crawlBuckets = []float64{0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300}

func newTelemetry(db *store.DB, sources []string, version string, now func() time.Time) *telemetry {
	t := &telemetry{set: metrics.NewSet(), db: db, sources: sources, now: now}
	t.set.NewGauge(`earshot_build_info{version=`+quote(version)+`}`, func() float64 { return 1 })
	t.set.RegisterMetricsWriter(t.writeStore)
	return t
}

// crawled records one pass of a source; stopped says the pass was cut off by
// the caller's context (shutdown), not failed: a source's own timeout is an
// error like any other.
func (t *telemetry) crawled(sum pipeline.Summary, err error, stopped bool) {
	src := `source=` + quote(sum.Source)
	outcome := "ok"
	switch {
	case err != nil && stopped:
		outcome = "cancelled"
	case err != nil:
		outcome = "error"
	}
	t.set.GetOrCreateCounter(`earshot_crawl_runs_total{` + src + `,outcome="` + outcome + `"}`).Inc()
	for _, c := range []struct {
		result string
		n      int
	}{{"fetched", sum.Fetched}, {"new", sum.New}, {"duplicate", sum.Duplicates}, {"merged", sum.Merged}, {"unmatched", sum.Unmatched}} {
		t.set.GetOrCreateCounter(`earshot_crawl_items_total{` + src + `,result="` + c.result + `"}`).Add(c.n)
	}
	t.set.GetOrCreatePrometheusHistogramExt(`earshot_crawl_duration_seconds{`+src+`}`, crawlBuckets).Update(sum.Duration.Seconds())
}

// alertsQueued records alerts the rules queued for delivery.
func (t *telemetry) alertsQueued(as []model.Alert) {
	for _, a := range as {
		t.set.GetOrCreateCounter(`earshot_alerts_queued_total{rule=` + quote(a.Rule) + `,kind=` + quote(string(a.Kind)) + `}`).Inc()
	}
}

// ServeHTTP writes the metrics in the Prometheus text format.
func (t *telemetry) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	var buf bytes.Buffer
	t.set.WritePrometheus(&buf)
	metrics.WriteProcessMetrics(&buf)
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Write(buf.Bytes())
}

// writeStore writes what the store knows: stored mentions by brand, label
// and language, source health and the alert outbox. A store error becomes
// earshot_store_read_errors (the scrape itself still answers).
func (t *telemetry) writeStore(w io.Writer) {
	failed := 0
	if st, err := t.db.Stats(); err == nil {
		gauge(w, "earshot_mentions", "", float64(st.Mentions))
		gauge(w, "earshot_mentions_unscored", "", float64(st.Unscored))
		gauge(w, "earshot_store_bytes", "", float64(st.FileBytes))
		for _, c := range []struct {
			name, label string
			counts      map[string]int
		}{{"earshot_mentions_by_brand", "brand", st.ByBrand}, {"earshot_mentions_by_source", "source", st.BySource},
			{"earshot_mentions_by_label", "label", st.ByLabel}, {"earshot_mentions_by_lang", "lang", st.ByLang}} {
			for _, k := range sortedKeys(c.counts) {
				gauge(w, c.name, c.label+"="+quote(k), float64(c.counts[k]))
			}
		}
	} else {
		failed++
	}
	for _, name := range t.sources {
		s, err := t.db.SourceState(name)
		if err != nil {
			failed++
			continue
		}
		l := "source=" + quote(name)
		gauge(w, "earshot_source_consecutive_failures", l, float64(s.ConsecutiveFailures))
		gauge(w, "earshot_source_last_run_timestamp_seconds", l, unix(s.LastRun))
		gauge(w, "earshot_source_last_success_timestamp_seconds", l, unix(s.LastSuccess))
	}
	if pending, err := t.db.PendingDeliveries(model.NeverRetry, 10000); err == nil {
		byChannel, givenUp := map[string]int{}, 0
		for _, d := range pending {
			if d.GivenUp() {
				givenUp++
				continue
			}
			byChannel[d.Channel]++
		}
		gauge(w, "earshot_alert_deliveries_pending", "", float64(len(pending)-givenUp))
		gauge(w, "earshot_alert_deliveries_given_up", "", float64(givenUp))
		for _, ch := range sortedKeys(byChannel) {
			gauge(w, "earshot_alert_deliveries_pending_by_channel", "channel="+quote(ch), float64(byChannel[ch]))
		}
	} else {
		failed++
	}
	gauge(w, "earshot_store_read_errors", "", float64(failed))
}

func gauge(w io.Writer, name, labels string, v float64) {
	if labels != "" {
		name += "{" + labels + "}"
	}
	metrics.WriteGaugeFloat64(w, name, v)
}

// unix is t in Unix seconds, 0 for the zero time (never).
func unix(t time.Time) float64 {
	if t.IsZero() {
		return 0
	}
	return float64(t.UnixNano()) / 1e9
}

// quote is a Prometheus label value: quoted, with \, " and newlines escaped.
// Brand and source names come from the config and may hold any of them.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
