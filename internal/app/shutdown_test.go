package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/app"
	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/internal/web"
)

// Ctrl-C while an alert is being delivered: Run promises a grace period
// (stopGrace) and the dispatcher's Close(stopCtx) says an in-flight send is
// cancelled only when that ends. A receiver answering in 300ms must get its
// delivery recorded as sent, not cancelled (which resends it after restart).
func TestStopSignalLetsTheAlertInFlightFinish(t *testing.T) {
	got := make(chan struct{}, 10)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- struct{}{}
		time.Sleep(300 * time.Millisecond)
		w.WriteHeader(http.StatusOK)
	}))
	defer hook.Close()
	db := filepath.Join(t.TempDir(), "run.db")
	yaml := fmt.Sprintf(`
store: {path: %s}
crawl: {jitter: 1ms, retries: 0}
brands: [{name: Acme}]
sources:
  - {name: comments, type: feed, url: "http://127.0.0.1:1/feed", schedule: "@every 1h"}
alerts: {interval: 1h, webhook: {url_env: HOOK}, rules: []}
web: {listen: "%s"}
`, db, freeAddr(t))
	cfg, err := config.Parse("run.yaml", []byte(yaml), func(k string) string {
		if k == "HOOK" {
			return hook.URL
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(cfg, app.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	now := time.Now().UTC()
	alert := model.Alert{ID: "a1", Kind: model.AlertTest, Rule: "test", Detector: "test", Summary: "x",
		CreatedAt: now, WindowStart: now, WindowEnd: now}
	if _, err := a.DB().EnqueueAlert(alert, []string{"webhook"}, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	select {
	case <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("webhook never called")
	}
	cancel() // SIGTERM while the POST is in flight
	if err := <-done; err != nil {
		t.Logf("Run = %v", err)
	}
	pending, err := a.DB().PendingDeliveries(now.Add(1000*time.Hour), 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range pending {
		t.Errorf("delivery still pending after a clean stop: %s via %s, attempts %d, last error %q (the receiver got it: a restart sends it again)",
			d.AlertID, d.Channel, d.Attempts, d.LastError)
	}
}

// The dispatcher gives up on a delivery the receiver refuses (4xx) and keeps
// it in the outbox for `earshot status` to show: status must list it.
func TestStatusShowsGivenUpDeliveries(t *testing.T) {
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no such hook", http.StatusNotFound)
	}))
	defer hook.Close()
	yaml := fmt.Sprintf(`
store: {path: %s}
brands: [{name: Acme}]
sources:
  - {name: comments, type: feed, url: "http://127.0.0.1:1/feed"}
alerts: {webhook: {url_env: HOOK}}
`, filepath.Join(t.TempDir(), "x.db"))
	cfg, err := config.Parse("run.yaml", []byte(yaml), func(k string) string {
		if k == "HOOK" {
			return hook.URL
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(cfg, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.SendTest(context.Background(), time.Second); err != nil {
		t.Logf("SendTest = %v", err)
	}
	st, err := web.Collect(a.DB(), app.WebSources(cfg), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	all, _ := a.DB().PendingDeliveries(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), 0)
	for _, d := range all {
		t.Logf("outbox holds: %s via %s, next %s, last error %q", d.AlertID, d.Channel, d.NextAttempt.Format(time.RFC3339), d.LastError)
	}
	givenUp := 0
	for _, d := range st.Pending {
		if d.GivenUp() && strings.Contains(d.LastError, "404") {
			givenUp++
		}
	}
	if givenUp != 1 || len(st.Pending) != len(all) {
		t.Errorf("status lists %d undelivered alerts (%d given up after the 404), the outbox holds %d; want the refused test alert listed as given up",
			len(st.Pending), givenUp, len(all))
	}
}
