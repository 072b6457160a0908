package slack_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/earshot/earshot/alerts/alertstest"
	"github.com/earshot/earshot/alerts/slack"
	"github.com/earshot/earshot/internal/model"
)

// MinInterval paces messages to one channel (Slack allows about one a
// second per channel). A reply in a thread goes to the same channel as the
// message before it, so it must wait its turn too.
func TestReplyIsPacedWithTheChannel(t *testing.T) {
	var mu sync.Mutex
	var chans []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		mu.Lock()
		chans = append(chans, r.PostForm.Get("channel"))
		mu.Unlock()
		io.WriteString(w, `{"ok":true,"channel":"C024BE91L","ts":"1700000000.000001"}`)
	}))
	defer srv.Close()
	// An interval no test waits out: a paced reply can only give up waiting.
	n, err := slack.New(slack.Options{Token: token, APIURL: srv.URL + "/api/", Channel: "#brand-alerts",
		MinInterval: time.Hour, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	first := alertstest.HostileAlert()
	first.ID, first.Kind, first.CreatedAt = "volume", model.AlertFiring, at
	ref, _, err := n.Notify(context.Background(), first, model.Delivery{AlertID: "volume", Channel: "slack"})
	if err != nil {
		t.Fatal(err)
	}
	reply := first
	reply.ID, reply.FollowsUp = "share", "volume"
	// The reply must wait its turn (an hour): in the second it is given, an
	// unpaced reply is posted, a paced one gives up.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, retry, err := n.Notify(ctx, reply, model.Delivery{AlertID: "share", Channel: "slack", ThreadRef: ref})
	mu.Lock()
	defer mu.Unlock()
	if err == nil || !retry || len(chans) != 1 {
		t.Errorf("reply to %s sent without waiting its turn in the same channel: posts %q, err %v, retry %v", ref, chans, err, retry)
	}
}
