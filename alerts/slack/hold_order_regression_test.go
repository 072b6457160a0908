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
	"github.com/earshot/earshot/store"
)

// The alerts queued behind a held channel share one next attempt (hold +
// 1s): once the hold lifts they go out in the order they were raised, not
// in alert-ID (hash) order, as they did. Found in review.
func TestHeldQueueKeepsRaiseOrder(t *testing.T) {
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
	for _, a := range [][2]string{{"mmmm", "first"}, {"zzzz", "second"}, {"bbbb", "third"}} {
		if _, err := db.EnqueueAlert(orderAlert(a[0], a[1], clk.now()), []string{"slack"}, nil); err != nil {
			t.Fatal(err)
		}
		clk.add(time.Millisecond)
	}
	d := alerts.NewDispatcher(db, alerts.DispatcherOptions{Notifiers: map[string]alerts.Notifier{"slack": n},
		Logger: slog.New(slog.DiscardHandler), Now: clk.now})
	for range 10 { // poll every 15s
		if _, err := d.Drain(context.Background()); err != nil {
			t.Fatal(err)
		}
		clk.add(15 * time.Second)
	}
	mu.Lock()
	defer mu.Unlock()
	want := []string{"⚠️ Negative spike: first: first storm", "⚠️ Negative spike: second: second storm", "⚠️ Negative spike: third: third storm"}
	if len(posted) != 3 || posted[0] != want[0] || posted[1] != want[1] || posted[2] != want[2] {
		t.Errorf("alerts raised first, second, third; after the 429 the channel saw, in order: %q", posted)
	}
}
