package slack_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/alerts/alertstest"
	"github.com/earshot/earshot/alerts/slack"
	"github.com/earshot/earshot/internal/model"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func newNotifier(t *testing.T, f *fakeSlack, webhook bool, logs *strings.Builder) *slack.Notifier {
	t.Helper()
	opts := slack.Options{Channel: "#brand-alerts", MinInterval: -1,
		Logger: slog.New(slog.NewTextHandler(logs, nil))}
	if webhook {
		opts.WebhookURL = f.srv.URL + "/services/T000/B000/hooksecret"
	} else {
		opts.Token, opts.APIURL = token, f.srv.URL+"/api/"
	}
	n, err := slack.New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return n
}

// deliver queues a through the outbox and drains it with a dispatcher until
// it is sent, advancing a fake clock to each retry; it returns the attempts.
func deliver(t *testing.T, n alerts.Notifier, a model.Alert, maxAttempts int) int {
	t.Helper()
	st := alertstest.NewMemStore()
	clk := &clock{t: a.CreatedAt}
	if _, err := st.EnqueueAlert(a, []string{"slack"}, nil); err != nil {
		t.Fatal(err)
	}
	d := alerts.NewDispatcher(st, alerts.DispatcherOptions{Notifiers: map[string]alerts.Notifier{"slack": n}, Now: clk.now})
	for i := 1; i <= maxAttempts; i++ {
		sent, err := d.Drain(context.Background())
		if err != nil {
			t.Fatalf("Drain: %v", err)
		}
		dl, _ := st.Delivery(a.ID, "slack")
		if sent == 1 {
			return dl.Attempts
		}
		clk.t = dl.NextAttempt
	}
	t.Fatalf("not delivered in %d attempts", maxAttempts)
	return 0
}

func TestNotifyThroughOutbox(t *testing.T) {
	tests := []struct {
		name         string
		webhook      bool
		script       []int
		wantAttempts int
	}{
		{"bot token", false, nil, 1},
		{"429 then success", false, []int{429}, 2},
		{"outage then recovery", false, []int{503, 502, 500}, 4},
		{"webhook", true, nil, 1},
		{"webhook 429 then outage", true, []int{429, 503}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSlack(t, tt.script...)
			var logs strings.Builder
			n := newNotifier(t, f, tt.webhook, &logs)
			if got := deliver(t, n, alertstest.HostileAlert(), 10); got != tt.wantAttempts {
				t.Errorf("delivered after %d attempts, want %d", got, tt.wantAttempts)
			}
			posted, hooks := f.counts()
			if posted+hooks != 1 {
				t.Fatalf("Slack received %d messages (%d posts, %d webhooks), want exactly 1", posted+hooks, posted, hooks)
			}
			if tt.webhook {
				checkWebhookBody(t, f.hooks[0])
				return
			}
			form := f.posted[0]
			for k, want := range map[string]string{"channel": "#brand-alerts", "unfurl_links": "false", "unfurl_media": "false"} {
				if got := form.Get(k); got != want {
					t.Errorf("chat.postMessage %s = %q, want %q", k, got, want)
				}
			}
			checkInert(t, "text", form.Get("text"))
			checkInert(t, "blocks", form.Get("blocks"))
			if a := f.auth[len(f.auth)-1]; form.Get("token") != token && a != "Bearer "+token {
				t.Errorf("request carries no bot token (form token %q, Authorization %q)", form.Get("token"), a)
			}
		})
	}
}

func checkWebhookBody(t *testing.T, body map[string]any) {
	t.Helper()
	if body["unfurl_links"] != false || body["unfurl_media"] != false {
		t.Errorf("webhook unfurl_links=%v unfurl_media=%v, want false", body["unfurl_links"], body["unfurl_media"])
	}
	text, _ := body["text"].(string)
	checkInert(t, "webhook text", text)
	if _, ok := body["blocks"].([]any); !ok {
		t.Errorf("webhook body has no blocks: %v", body)
	}
}

// checkInert fails if s holds a Slack control sequence from the hostile alert.
func checkInert(t *testing.T, what, s string) {
	t.Helper()
	for _, bad := range []string{"<!channel>", "<!here>", "<@U123>", "<http://evil", "<!subteam", "javascript:"} {
		if strings.Contains(s, bad) {
			t.Errorf("%s contains %q: untrusted text was not escaped", what, bad)
		}
	}
}

func TestResolveRepliesInThread(t *testing.T) {
	f := newFakeSlack(t)
	var logs strings.Builder
	n := newNotifier(t, f, false, &logs)
	a := alertstest.HostileAlert()
	a.Kind, a.Resolves = model.AlertResolved, "0123"
	ref, retry, err := n.Notify(context.Background(), a, model.Delivery{ThreadRef: "C024BE91L/1700000000.000001"})
	if err != nil || retry || ref == "" {
		t.Fatalf("Notify = %q, %v, %v", ref, retry, err)
	}
	form := f.posted[0]
	if form.Get("channel") != "C024BE91L" || form.Get("thread_ts") != "1700000000.000001" {
		t.Errorf("resolve posted to %q thread %q, want the firing message's channel and ts", form.Get("channel"), form.Get("thread_ts"))
	}
}

func TestErrorsAreClassifiedAndScrubbed(t *testing.T) {
	tests := []struct {
		name      string
		webhook   bool
		script    []int
		apiErr    string
		wantRetry bool
		wantAfter time.Duration
	}{
		{"429", false, []int{429}, "", true, 3 * time.Second},
		{"500", false, []int{500}, "", true, 0},
		{"403", false, []int{403}, "", false, 0},
		{"invalid_auth", false, nil, "invalid_auth", false, 0},
		{"channel_not_found", false, nil, "channel_not_found", false, 0},
		{"webhook 500", true, []int{500}, "", true, 0},
		{"webhook 404", true, []int{404}, "", false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSlack(t, tt.script...)
			f.apiErr = tt.apiErr
			var logs strings.Builder
			n := newNotifier(t, f, tt.webhook, &logs)
			secrets := []string{token, f.srv.URL + "/services/T000/B000/hooksecret", "/services/T000/B000/hooksecret"}
			err := alertstest.AssertNotifyLeaksNoSecret(t, n, &logs, secrets...)
			var ra *alerts.RetryAfterError
			if got := errors.As(err, &ra); got != (tt.wantAfter > 0) || (got && ra.After != tt.wantAfter) {
				t.Errorf("error %v: RetryAfter %v, want %s", err, got, tt.wantAfter)
			}
		})
	}
	// The retry classification, on a fresh server each time.
	for _, tt := range tests {
		f := newFakeSlack(t, tt.script...)
		f.apiErr = tt.apiErr
		var logs strings.Builder
		_, retry, err := newNotifier(t, f, tt.webhook, &logs).Notify(context.Background(), alertstest.HostileAlert(), model.Delivery{})
		if err == nil || retry != tt.wantRetry {
			t.Errorf("%s: Notify retry = %v (err %v), want %v", tt.name, retry, err, tt.wantRetry)
		}
	}
}

func TestUnreachableWebhookLeaksNoURL(t *testing.T) {
	f := newFakeSlack(t)
	hook := f.srv.URL + "/services/T000/B000/hooksecret"
	f.srv.Close() // connection refused: net/http puts the URL in its error
	var logs strings.Builder
	n, err := slack.New(slack.Options{WebhookURL: hook, MinInterval: -1, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	err = alertstest.AssertNotifyLeaksNoSecret(t, n, &logs, hook, "/services/T000/B000/hooksecret")
	if !strings.Contains(err.Error(), "slack webhook") {
		t.Errorf("error %q does not say what failed", err)
	}
}

func TestNewNeedsCredentials(t *testing.T) {
	if _, err := slack.New(slack.Options{Channel: "#x"}); !errors.Is(err, slack.ErrNoCredentials) {
		t.Errorf("New without credentials = %v, want ErrNoCredentials", err)
	}
	if _, err := slack.New(slack.Options{Token: token}); err == nil {
		t.Errorf("New with a token and no channel = nil error, want one")
	}
}

func TestTestAlertIsPosted(t *testing.T) {
	f := newFakeSlack(t)
	var logs strings.Builder
	n := newNotifier(t, f, false, &logs)
	a := alerts.TestAlert(time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), "https://earshot.example")
	if _, _, err := n.Notify(context.Background(), a, model.Delivery{}); err != nil {
		t.Fatalf("Notify(test alert): %v", err)
	}
	if text := f.posted[0].Get("text"); !strings.Contains(text, "earshot test alert") {
		t.Errorf("test message text = %q, want it to say it is a test", text)
	}
}

// One storm seen by two rules is one message in the channel: the second
// alert, its resolve notice and the first's all go in the first's thread,
// whatever order the outbox returns them in and even when the first post
// is rate limited.
func TestOneStormIsOneThread(t *testing.T) {
	for _, script := range [][]int{nil, {429}} {
		f := newFakeSlack(t, script...)
		var logs strings.Builder
		n := newNotifier(t, f, false, &logs)
		at := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
		volume := alertstest.HostileAlert()
		volume.ID, volume.Kind, volume.CreatedAt = "volume", model.AlertFiring, at
		share := volume
		share.ID, share.Rule, share.Detector, share.FollowsUp = "share", "negative_share", alerts.NegativeShare, "volume"
		shareDone := share
		shareDone.ID, shareDone.Kind, shareDone.Resolves, shareDone.FollowsUp = "share-resolved", model.AlertResolved, "share", ""
		st := alertstest.NewMemStore()
		for _, a := range []model.Alert{share, shareDone, volume} { // replies first
			if _, err := st.EnqueueAlert(a, []string{"slack"}, nil); err != nil {
				t.Fatal(err)
			}
		}
		clk := &clock{t: at}
		d := alerts.NewDispatcher(st, alerts.DispatcherOptions{Notifiers: map[string]alerts.Notifier{"slack": n}, Now: clk.now})
		for range 10 {
			if _, err := d.Drain(context.Background()); err != nil {
				t.Fatalf("Drain: %v", err)
			}
			due, _ := st.PendingDeliveries(at.Add(time.Hour), 10)
			if len(due) == 0 {
				break
			}
			clk.mu.Lock()
			clk.t = due[0].NextAttempt
			for _, dl := range due {
				if dl.NextAttempt.Before(clk.t) {
					clk.t = dl.NextAttempt
				}
			}
			clk.mu.Unlock()
		}
		if len(f.posted) != 3 {
			t.Fatalf("script %v: Slack got %d posts, want 3", script, len(f.posted))
		}
		root := f.posted[0]
		if root.Get("thread_ts") != "" || !strings.Contains(root.Get("text"), "spike") {
			t.Errorf("script %v: first post = thread %q text %q, want the volume alert in the channel", script, root.Get("thread_ts"), root.Get("text"))
		}
		for i, p := range f.posted[1:] {
			if p.Get("thread_ts") != "1700000000.000001" || p.Get("channel") != "C024BE91L" {
				t.Errorf("script %v: post %d went to %q thread %q, want the first post's thread", script, i+2, p.Get("channel"), p.Get("thread_ts"))
			}
		}
		if len(f.edited) != 0 {
			t.Errorf("script %v: resolving a follow-up edited %d messages; its message is a reply, want none", script, len(f.edited))
		}
		// The reply carries its own test but not the examples the thread shows.
		reply := f.posted[1].Get("blocks")
		if !strings.Contains(reply, "negative_share") || strings.Contains(reply, "refund (17") || !strings.Contains(root.Get("blocks"), "refund (17") {
			t.Errorf("script %v: reply blocks %s\nwant the share test without the top terms of the first message", script, reply)
		}
	}
}

// When the alert that started a thread resolves, its own message is marked
// resolved in place (chat.update), keeping its details, besides the notice
// in the thread. An incoming webhook cannot edit: it posts the notice only.
func TestResolveMarksTheFiringMessage(t *testing.T) {
	for _, webhook := range []bool{false, true} {
		f := newFakeSlack(t)
		var logs strings.Builder
		n := newNotifier(t, f, webhook, &logs)
		at := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
		firing := alertstest.HostileAlert()
		firing.ID, firing.Kind, firing.CreatedAt = "volume", model.AlertFiring, at
		done := firing
		done.ID, done.Kind, done.Resolves, done.CreatedAt, done.StormOver = "volume-resolved", model.AlertResolved, "volume", at.Add(3*time.Hour), true
		st := alertstest.NewMemStore()
		clk := &clock{t: at}
		d := alerts.NewDispatcher(st, alerts.DispatcherOptions{Notifiers: map[string]alerts.Notifier{"slack": n}, Now: clk.now})
		for _, a := range []model.Alert{firing, done} {
			if _, err := st.EnqueueAlert(a, []string{"slack"}, nil); err != nil {
				t.Fatal(err)
			}
			clk.mu.Lock()
			clk.t = a.CreatedAt
			clk.mu.Unlock()
			if sent, err := d.Drain(context.Background()); sent != 1 || err != nil {
				t.Fatalf("webhook %v: Drain for %s = %d, %v", webhook, a.ID, sent, err)
			}
		}
		if webhook {
			if len(f.hooks) != 2 || len(f.edited) != 0 || strings.Contains(logs.String(), "could not be marked") {
				t.Errorf("webhook: %d posts, %d edits, logs %q; want both posted, nothing edited, no complaint", len(f.hooks), len(f.edited), logs.String())
			}
			continue
		}
		if len(f.posted) != 2 || len(f.edited) != 1 {
			t.Fatalf("bot: %d posts, %d edits; want the alert and its notice posted, and the alert edited once", len(f.posted), len(f.edited))
		}
		e := f.edited[0]
		blocks := blockStrings(t, e.Get("blocks"))
		if e.Get("channel") != "C024BE91L" || e.Get("ts") != "1700000000.000001" || !strings.HasPrefix(e.Get("text"), "✅ Resolved: ") ||
			!strings.Contains(blocks, "Resolved* at 2026-03-10 18:00 UTC") || !strings.Contains(blocks, "refund (17") {
			t.Errorf("edit = channel %q ts %q text %q\nblocks %s\nwant the first message, marked resolved at 18:00, its details kept", e.Get("channel"), e.Get("ts"), e.Get("text"), blocks)
		}
		checkInert(t, "edited blocks", blocks)
		checkInert(t, "edited text", e.Get("text"))
	}
}

// blockStrings decodes Block Kit JSON and joins every string in it, as
// Slack would read them (the JSON itself escapes < and >).
func blockStrings(t *testing.T, blocks string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(blocks), &v); err != nil {
		t.Fatalf("blocks are not JSON: %v", err)
	}
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			b.WriteString(v)
			b.WriteByte('\n')
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
	return b.String()
}

// A follow-up whose storm's first alert was never delivered starts its own
// thread; when the storm ends, that follow-up's message is the one marked,
// with its own content.
func TestStormOverMarksTheMessageThatStartedTheThread(t *testing.T) {
	f := newFakeSlack(t)
	var logs strings.Builder
	n := newNotifier(t, f, false, &logs)
	at := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	volume := alertstest.HostileAlert()
	volume.ID, volume.Kind, volume.CreatedAt = "volume", model.AlertFiring, at
	share := volume
	share.ID, share.Rule, share.Detector, share.FollowsUp, share.Summary = "share", "negative_share", alerts.NegativeShare, "volume", "Acme share storm"
	done := share
	done.ID, done.Kind, done.Resolves, done.FollowsUp, done.StormOver, done.CreatedAt = "share-resolved", model.AlertResolved, "share", "", true, at.Add(3*time.Hour)
	st := alertstest.NewMemStore()
	for _, a := range []model.Alert{volume, share, done} {
		if _, err := st.EnqueueAlert(a, []string{"slack"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	// The volume alert was given up on (a 4xx, say): never delivered.
	dl, _ := st.Delivery("volume", "slack")
	dl.NextAttempt, dl.LastError = model.NeverRetry, "gave up: channel_not_found"
	st.UpdateDelivery(dl)
	clk := &clock{t: at.Add(3 * time.Hour)}
	d := alerts.NewDispatcher(st, alerts.DispatcherOptions{Notifiers: map[string]alerts.Notifier{"slack": n}, Now: clk.now})
	for range 3 {
		if _, err := d.Drain(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if len(f.posted) != 2 || f.posted[0].Get("thread_ts") != "" || f.posted[1].Get("thread_ts") != "1700000000.000001" {
		t.Fatalf("posts = %v; want the share alert in the channel and its resolve notice in its thread", f.posted)
	}
	if len(f.edited) != 1 || f.edited[0].Get("ts") != "1700000000.000001" || !strings.Contains(blockStrings(t, f.edited[0].Get("blocks")), "negative_share") {
		t.Errorf("edits = %v; want the share alert's own message marked resolved", f.edited)
	}
}
