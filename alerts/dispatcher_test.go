package alerts_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/alerts/alertstest"
	"github.com/earshot/earshot/internal/model"
)

// fakeNotifier answers with scripted results and records what it sent.
type fakeNotifier struct {
	mu      sync.Mutex
	script  []result // consumed in order; then success
	sent    []model.Delivery
	alerts  []model.Alert
	refBase string
}

type result struct {
	retry bool
	err   error
}

func (f *fakeNotifier) Notify(ctx context.Context, a model.Alert, d model.Delivery) (string, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.script) > 0 {
		r := f.script[0]
		f.script = f.script[1:]
		return "", r.retry, r.err
	}
	f.sent = append(f.sent, d)
	f.alerts = append(f.alerts, a)
	return fmt.Sprintf("%s/%d", f.refBase, len(f.sent)), false, nil
}

func (f *fakeNotifier) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sent)
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func queued(t *testing.T, st *alertstest.MemStore, a model.Alert) {
	t.Helper()
	if ok, err := st.EnqueueAlert(a, []string{"slack"}, nil); !ok || err != nil {
		t.Fatalf("EnqueueAlert = %v, %v", ok, err)
	}
}

func testAlert(id string, kind model.AlertKind, at time.Time) model.Alert {
	return model.Alert{ID: id, Kind: kind, Brand: "acme", Rule: "negative_volume", CreatedAt: at, Summary: "acme: " + id}
}

func TestDispatcherRetriesAndDeliversOnce(t *testing.T) {
	start := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		script     []result
		waits      []time.Duration // NextAttempt - now after each failure
		wantGaveUp bool
	}{
		{"success", nil, nil, false},
		{"429 then success", []result{{true, &alerts.RetryAfterError{After: 7 * time.Second}}}, []time.Duration{7 * time.Second}, false},
		{"outage then recovery", []result{{true, errors.New("503")}, {true, errors.New("503")}, {true, errors.New("dial tcp: refused")}},
			[]time.Duration{30 * time.Second, time.Minute, 2 * time.Minute}, false},
		{"permanent failure", []result{{false, errors.New("channel_not_found")}}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := alertstest.NewMemStore()
			clk := &clock{t: start}
			queued(t, st, testAlert("a1", model.AlertFiring, start))
			n := &fakeNotifier{script: tt.script, refBase: "C1"}
			d := alerts.NewDispatcher(st, alerts.DispatcherOptions{Notifiers: map[string]alerts.Notifier{"slack": n}, Now: clk.now})
			for i, wait := range tt.waits {
				if sent, err := d.Drain(context.Background()); sent != 0 || err != nil {
					t.Fatalf("attempt %d: Drain = %d, %v; want a failure", i+1, sent, err)
				}
				dl, _ := st.Delivery("a1", "slack")
				if got := dl.NextAttempt.Sub(clk.now()); got != wait || dl.LastError == "" {
					t.Fatalf("after failure %d next attempt in %s (error %q), want %s and the error", i+1, got, dl.LastError, wait)
				}
				if sent, _ := d.Drain(context.Background()); sent != 0 {
					t.Fatalf("Drain before the retry time sent %d", sent)
				}
				clk.add(wait)
			}
			sent, err := d.Drain(context.Background())
			dl, _ := st.Delivery("a1", "slack")
			if tt.wantGaveUp {
				if sent != 0 || err != nil || !dl.SentAt.IsZero() || dl.NextAttempt.Year() != 9999 {
					t.Errorf("permanent failure: sent %d, %v, delivery %+v; want it kept unsent and abandoned", sent, err, dl)
				}
				return
			}
			if sent != 1 || err != nil || dl.SentAt.IsZero() || dl.Ref != "C1/1" || dl.Attempts != len(tt.waits)+1 {
				t.Errorf("Drain = %d, %v, delivery %+v; want sent once with ref C1/1", sent, err, dl)
			}
			if more, _ := d.Drain(context.Background()); more != 0 || n.count() != 1 {
				t.Errorf("after delivery: Drain sent %d more, notifier saw %d messages; want exactly 1", more, n.count())
			}
		})
	}
}

func TestDispatcherRestartDeliversOnceAndThreadsResolve(t *testing.T) {
	at := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	st := alertstest.NewMemStore()
	queued(t, st, testAlert("fire", model.AlertFiring, at))
	// A process stored the alert and died before sending: the next one sends it.
	n := &fakeNotifier{refBase: "C1"}
	opts := alerts.DispatcherOptions{Notifiers: map[string]alerts.Notifier{"slack": n}, Now: func() time.Time { return at }}
	if sent, err := alerts.NewDispatcher(st, opts).Drain(context.Background()); sent != 1 || err != nil {
		t.Fatalf("first Drain after restart = %d, %v; want 1", sent, err)
	}
	if sent, _ := alerts.NewDispatcher(st, opts).Drain(context.Background()); sent != 0 {
		t.Fatalf("Drain after a second restart sent %d, want 0", sent)
	}
	res := testAlert("res", model.AlertResolved, at)
	res.Resolves = "fire"
	queued(t, st, res)
	if sent, _ := alerts.NewDispatcher(st, opts).Drain(context.Background()); sent != 1 {
		t.Fatalf("resolve not sent")
	}
	if got := n.sent[1].ThreadRef; got != "C1/1" {
		t.Errorf("resolve notice thread ref = %q, want the firing message C1/1", got)
	}
}

func TestDispatcherUnknownChannelKeepsDelivery(t *testing.T) {
	at := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	st := alertstest.NewMemStore()
	queued(t, st, testAlert("a1", model.AlertFiring, at))
	d := alerts.NewDispatcher(st, alerts.DispatcherOptions{Now: func() time.Time { return at }})
	if sent, err := d.Drain(context.Background()); sent != 0 || err != nil {
		t.Fatalf("Drain = %d, %v", sent, err)
	}
	dl, _ := st.Delivery("a1", "slack")
	if !dl.SentAt.IsZero() || dl.LastError == "" || !dl.NextAttempt.After(at) {
		t.Errorf("delivery to an unconfigured channel = %+v, want kept pending with the reason", dl)
	}
}

func TestDispatcherRunDrainsUntilClose(t *testing.T) {
	at := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	st := alertstest.NewMemStore()
	n := &fakeNotifier{refBase: "C1"}
	d := alerts.NewDispatcher(st, alerts.DispatcherOptions{Notifiers: map[string]alerts.Notifier{"slack": n},
		Now: func() time.Time { return at }, Interval: time.Hour})
	d.Start(context.Background())
	queued(t, st, testAlert("a1", model.AlertFiring, at))
	d.Kick()
	deadline := time.Now().Add(10 * time.Second)
	for n.count() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := d.Close(ctx); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if n.count() != 1 {
		t.Errorf("Run delivered %d messages after Kick, want 1", n.count())
	}
}

// A retryable failure holds its channel: the channel's later alerts wait
// behind it without spending attempts, other channels carry on, and a
// delivery given up on releases the channel.
func TestDispatcherFailureHoldsOnlyItsChannel(t *testing.T) {
	at := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	clk := &clock{t: at}
	st := alertstest.NewMemStore()
	for _, id := range []string{"a1", "a2"} {
		if ok, err := st.EnqueueAlert(testAlert(id, model.AlertFiring, at), []string{"slack", "hook"}, nil); !ok || err != nil {
			t.Fatalf("EnqueueAlert = %v, %v", ok, err)
		}
	}
	slack := &fakeNotifier{refBase: "C1", script: []result{
		{true, &alerts.RetryAfterError{After: 30 * time.Second}},
		{false, errors.New("msg_too_long")},
	}}
	hook := &fakeNotifier{refBase: "H"}
	d := alerts.NewDispatcher(st, alerts.DispatcherOptions{Notifiers: map[string]alerts.Notifier{"slack": slack, "hook": hook}, Now: clk.now})
	if sent, err := d.Drain(context.Background()); sent != 2 || err != nil || hook.count() != 2 || slack.count() != 0 {
		t.Fatalf("Drain = %d, %v; hook got %d, slack %d; want both on the hook and none on the rate-limited Slack", sent, err, hook.count(), slack.count())
	}
	a2, _ := st.Delivery("a2", "slack")
	if a2.Attempts != 0 || !a2.NextAttempt.Equal(at.Add(31*time.Second)) {
		t.Fatalf("a2 on the held channel: %d attempts, next %s; want 0 attempts, queued 1s after a1's retry", a2.Attempts, a2.NextAttempt.Sub(at))
	}
	clk.add(30 * time.Second) // a1 retried and given up: the channel is free
	if sent, err := d.Drain(context.Background()); sent != 0 || err != nil {
		t.Fatalf("Drain at a1's retry = %d, %v; want a1 given up", sent, err)
	}
	clk.add(time.Second)
	if sent, err := d.Drain(context.Background()); sent != 1 || err != nil || slack.count() != 1 || slack.alerts[0].ID != "a2" {
		t.Fatalf("Drain after a1 was given up = %d, %v; want a2 sent to Slack", sent, err)
	}
}
