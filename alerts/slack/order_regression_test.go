package slack_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/alerts/slack"
	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/store"
)

type orderClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *orderClock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *orderClock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func orderAlert(id, brand string, at time.Time) model.Alert {
	return model.Alert{ID: id, Kind: model.AlertFiring, Rule: "negative_volume", Brand: brand,
		Detector: alerts.NegativeVolume, Severity: 1, WindowStart: at.Add(-time.Hour), WindowEnd: at,
		CreatedAt: at, Summary: brand + " storm"}
}

// A 429 with Retry-After on the first alert of a drain must hold back the
// rest of that channel's queue; otherwise later alerts overtake it.
func TestRetryAfterHoldsTheChannel(t *testing.T) {
	var mu sync.Mutex
	var posted []string
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 1 {
			w.Header().Set("Retry-After", "30")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		posted = append(posted, r.PostForm.Get("text"))
		io.WriteString(w, `{"ok":true,"channel":"C024BE91L","ts":"1700000000.000001"}`)
	}))
	defer srv.Close()
	clk := &orderClock{t: time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)}
	db, err := store.Open(filepath.Join(t.TempDir(), "e.db"), store.Options{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := slack.New(slack.Options{Token: token, APIURL: srv.URL + "/api/", Channel: "#alerts", MinInterval: -1, Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.EnqueueAlert(orderAlert("aaaa", "first", clk.now()), []string{"slack"}, nil); err != nil {
		t.Fatal(err)
	}
	clk.add(time.Millisecond)
	if _, err := db.EnqueueAlert(orderAlert("bbbb", "second", clk.now()), []string{"slack"}, nil); err != nil {
		t.Fatal(err)
	}
	d := alerts.NewDispatcher(db, alerts.DispatcherOptions{Notifiers: map[string]alerts.Notifier{"slack": n},
		Logger: slog.New(slog.DiscardHandler), Now: clk.now})
	if _, err := d.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	afterFirst := calls
	mu.Unlock()
	clk.add(31 * time.Second)
	if _, err := d.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if afterFirst != 1 || len(posted) != 2 || posted[0] != "⚠️ Negative spike: first: first storm" {
		t.Errorf("Slack said Retry-After 30s, yet the same drain made %d calls to chat.postMessage; channel saw, in order: %q", afterFirst, posted)
	}
}

// During a Slack outage each delivery backs off on its own schedule: when
// Slack comes back, the storm's later escalation is posted before the alert
// that opened it.
func TestOutageKeepsTheChannelInOrder(t *testing.T) {
	var mu sync.Mutex
	var posted []string
	down := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		mu.Lock()
		defer mu.Unlock()
		if down {
			http.Error(w, "bad gateway", http.StatusBadGateway)
			return
		}
		posted = append(posted, r.PostForm.Get("text"))
		io.WriteString(w, `{"ok":true,"channel":"C024BE91L","ts":"1700000000.000001"}`)
	}))
	defer srv.Close()
	t0 := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	clk := &orderClock{t: t0}
	db, err := store.Open(filepath.Join(t.TempDir(), "e.db"), store.Options{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := slack.New(slack.Options{Token: token, APIURL: srv.URL + "/api/", Channel: "#alerts", MinInterval: -1, Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	d := alerts.NewDispatcher(db, alerts.DispatcherOptions{Notifiers: map[string]alerts.Notifier{"slack": n},
		Logger: slog.New(slog.DiscardHandler), Now: clk.now})
	drain := func() {
		if _, err := d.Drain(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	sev1 := orderAlert("sev1", "acme", t0)
	if _, err := db.EnqueueAlert(sev1, []string{"slack"}, nil); err != nil {
		t.Fatal(err)
	}
	// The dispatcher polls every 15s through a 5-minute outage.
	for clk.now().Before(t0.Add(5 * time.Minute)) {
		if clk.now().Equal(t0.Add(4 * time.Minute)) { // the storm grows
			sev2 := orderAlert("sev2", "acme", clk.now())
			sev2.Severity, sev2.Summary = 2, "acme storm grew"
			if _, err := db.EnqueueAlert(sev2, []string{"slack"}, nil); err != nil {
				t.Fatal(err)
			}
		}
		drain()
		clk.add(15 * time.Second)
	}
	mu.Lock()
	down = false
	mu.Unlock()
	for range 40 { // 10 more minutes of polling, Slack up
		drain()
		clk.add(15 * time.Second)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(posted) != 2 || posted[0] != "⚠️ Negative spike: acme: acme storm" {
		t.Errorf("after the outage the channel saw, in order: %q; want the storm's first alert before its escalation", posted)
	}
}
