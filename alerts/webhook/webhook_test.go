package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/alerts/alertstest"
	"github.com/earshot/earshot/alerts/webhook"
	"github.com/earshot/earshot/internal/model"
)

const secret = "whsec-0123456789"

var now = time.Date(2026, 11, 23, 10, 30, 0, 0, time.UTC)

// receiver is an httptest endpoint that verifies each delivery and answers
// scripted statuses before accepting.
type receiver struct {
	t        *testing.T
	mu       sync.Mutex
	script   []int
	accepted []webhook.Payload
	srv      *httptest.Server
}

func newReceiver(t *testing.T, script ...int) *receiver {
	r := &receiver{t: t, script: script}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	body, _ := io.ReadAll(req.Body)
	if err := webhook.Verify(secret, req.Header.Get(webhook.HeaderTimestamp), body, req.Header.Get(webhook.HeaderSignature), now, 5*time.Minute); err != nil {
		r.t.Errorf("delivery fails verification: %v", err)
	}
	if ct := req.Header.Get("Content-Type"); ct != "application/json" || req.Method != http.MethodPost {
		r.t.Errorf("%s with Content-Type %q, want POST application/json", req.Method, ct)
	}
	if len(r.script) > 0 {
		status := r.script[0]
		r.script = r.script[1:]
		if status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "12")
		}
		http.Error(w, "try "+req.URL.String(), status)
		return
	}
	var p webhook.Payload
	if err := json.Unmarshal(body, &p); err != nil {
		r.t.Errorf("body is not a payload: %v", err)
	}
	if req.Header.Get(webhook.HeaderAlertID) != p.Alert.ID {
		r.t.Errorf("alert id header %q, body %q", req.Header.Get(webhook.HeaderAlertID), p.Alert.ID)
	}
	r.accepted = append(r.accepted, p)
}

func newNotifier(t *testing.T, url string, logs *strings.Builder) *webhook.Notifier {
	t.Helper()
	n, err := webhook.New(webhook.Options{URL: url, Secret: secret, Now: func() time.Time { return now },
		Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return n
}

func TestDeliveryThroughOutbox(t *testing.T) {
	tests := []struct {
		name          string
		script        []int
		wantAttempts  int
		wantFirstWait time.Duration
	}{
		{"accepted", nil, 1, 0},
		{"429 then accepted", []int{429}, 2, 12 * time.Second},
		{"outage then recovery", []int{503, 500}, 3, 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newReceiver(t, tt.script...)
			var logs strings.Builder
			n := newNotifier(t, r.srv.URL+"/hooks/abc", &logs)
			st := alertstest.NewMemStore()
			a := alertstest.HostileAlert()
			a.CreatedAt = now
			if _, err := st.EnqueueAlert(a, []string{"webhook"}, nil); err != nil {
				t.Fatal(err)
			}
			clk := now
			d := alerts.NewDispatcher(st, alerts.DispatcherOptions{Notifiers: map[string]alerts.Notifier{"webhook": n}, Now: func() time.Time { return clk }})
			for attempt := 1; attempt <= tt.wantAttempts; attempt++ {
				sent, err := d.Drain(context.Background())
				if err != nil {
					t.Fatalf("Drain: %v", err)
				}
				dl, _ := st.Delivery(a.ID, "webhook")
				if attempt == 1 && tt.wantFirstWait > 0 && dl.NextAttempt.Sub(clk) != tt.wantFirstWait {
					t.Errorf("first retry in %s, want %s", dl.NextAttempt.Sub(clk), tt.wantFirstWait)
				}
				if (sent == 1) != (attempt == tt.wantAttempts) {
					t.Fatalf("attempt %d sent %d", attempt, sent)
				}
				clk = dl.NextAttempt
			}
			if len(r.accepted) != 1 || r.accepted[0].Alert.ID != a.ID || r.accepted[0].Version != 1 {
				t.Errorf("receiver accepted %d payloads, want exactly the alert once", len(r.accepted))
			}
		})
	}
}

func TestClassification(t *testing.T) {
	tests := []struct {
		status    int
		wantRetry bool
		wantAfter time.Duration
	}{{400, false, 0}, {401, false, 0}, {404, false, 0}, {410, false, 0}, {429, true, 12 * time.Second}, {500, true, 0}, {503, true, 0}}
	for _, tt := range tests {
		r := newReceiver(t, tt.status)
		var logs strings.Builder
		secretURL := r.srv.URL + "/hooks/T0/tok-secret"
		err := alertstest.AssertNotifyLeaksNoSecret(t, newNotifier(t, secretURL, &logs), &logs, secretURL, "tok-secret", secret)
		var ra *alerts.RetryAfterError
		if errors.As(err, &ra) != (tt.wantAfter > 0) || (ra != nil && ra.After != tt.wantAfter) {
			t.Errorf("status %d: error %v, want Retry-After %s", tt.status, err, tt.wantAfter)
		}
		r2 := newReceiver(t, tt.status)
		_, retry, err := newNotifier(t, r2.srv.URL, &logs).Notify(context.Background(), alertstest.HostileAlert(), model.Delivery{})
		if err == nil || retry != tt.wantRetry {
			t.Errorf("status %d: retry = %v (err %v), want %v", tt.status, retry, err, tt.wantRetry)
		}
	}
}

func TestUnreachableLeaksNoURL(t *testing.T) {
	r := newReceiver(t)
	secretURL := r.srv.URL + "/hooks/T0/tok-secret"
	r.srv.Close()
	var logs strings.Builder
	n := newNotifier(t, secretURL, &logs)
	err := alertstest.AssertNotifyLeaksNoSecret(t, n, &logs, secretURL, "tok-secret")
	if !strings.Contains(err.Error(), "webhook") {
		t.Errorf("error %q does not say what failed", err)
	}
	if _, retry, _ := n.Notify(context.Background(), alertstest.HostileAlert(), model.Delivery{}); !retry {
		t.Errorf("a network error is not retried")
	}
}

func TestVerify(t *testing.T) {
	body := []byte(`{"version":1}`)
	ts := "1795429800" // now
	sig := webhook.Sign(secret, ts, body)
	tests := []struct {
		name    string
		ts, sig string
		body    string
		want    error
	}{
		{"valid", ts, sig, string(body), nil},
		{"tampered body", ts, sig, `{"version":2}`, webhook.ErrBadSignature},
		{"other secret", ts, webhook.Sign("other", ts, body), string(body), webhook.ErrBadSignature},
		{"replayed with a new timestamp", "1795429900", sig, string(body), webhook.ErrBadSignature},
		{"stale", "1795420000", webhook.Sign(secret, "1795420000", body), string(body), webhook.ErrStale},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := webhook.Verify(secret, tt.ts, []byte(tt.body), tt.sig, now, 5*time.Minute)
			if !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestNewRejectsNonHTTP(t *testing.T) {
	for _, u := range []string{"", "ftp://x", "javascript:alert(1)", "/relative"} {
		if _, err := webhook.New(webhook.Options{URL: u}); !errors.Is(err, webhook.ErrNoURL) {
			t.Errorf("New(%q) = %v, want ErrNoURL", u, err)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"12", 12 * time.Second, true}, {" 0 ", 0, true}, {"-3", 0, false}, {"soon", 0, false}, {"", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"99999999999", 24 * time.Hour, true},
	}
	for _, tt := range tests {
		got, ok := webhook.ParseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseRetryAfter(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"12", "Wed, 21 Oct 2015 07:28:00 GMT", "-1", "1e9", "", "  7  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		d, ok := webhook.ParseRetryAfter(h, now)
		if d < 0 || d > 24*time.Hour || (!ok && d != 0) {
			t.Fatalf("ParseRetryAfter(%q) = %s, %v", h, d, ok)
		}
	})
}

func BenchmarkSign(b *testing.B) {
	body, _ := json.Marshal(webhook.Payload{Version: 1, Alert: alertstest.HostileAlert()})
	for b.Loop() {
		webhook.Sign(secret, "1795429800", body)
	}
}
