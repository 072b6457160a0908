// Package demo holds what `earshot demo` runs against instead of the outside
// world: a review page with schema.org reviews, a comment feed and a Hacker
// News search served from embedded files on loopback, a local stand-in for
// Slack, simulated history that gives the alert rules a baseline, and the
// config that points earshot at all of them. The CLI wires these into the real
// app; this package never imports it.
package demo

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"time"

	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
	"github.com/earshot/earshot/store"
)

// HistoryDays is how much simulated history Seed stores.
const HistoryDays = 21

// Now returns the demo's clock for a wall-clock time: two minutes before the
// hour, so the storm in the embedded pages (published in the last hour) fills
// one alert window.
func Now(wall time.Time) time.Time { return wall.UTC().Truncate(time.Hour).Add(-2 * time.Minute) }

// World is the demo's loopback site and Slack stand-in.
type World struct {
	now   time.Time
	site  *httptest.Server
	slack *slackStandIn
}

// Start serves the embedded sources and the Slack stand-in. Call Close.
func Start(now time.Time) *World {
	return &World{now: now, site: startSite(now), slack: startSlack()}
}

// Close stops the servers.
func (w *World) Close() {
	w.site.Close()
	w.slack.srv.Close()
}

// SiteURL and SlackURL are where the servers listen.
func (w *World) SiteURL() string  { return w.site.URL }
func (w *World) SlackURL() string { return w.slack.srv.URL }

// siteHost is the name the demo's sources use for the loopback site. Mention
// ids are built from page URLs, so they must not carry the random port the
// site listens on: a kept store (--db) would get each review again, under a
// new id, on every run. HTTPClient sends the name to the listener.
const siteHost = "shop.demo.localhost"

// PublicURL is the site's URL as the demo's sources know it.
func (w *World) PublicURL() string { return "http://" + siteHost }

// HTTPClient is the crawlers' client: it dials the loopback site for siteHost.
func (w *World) HTTPClient() *http.Client {
	addr := w.site.Listener.Addr().String()
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, hostport string) (net.Conn, error) {
			if host, _, err := net.SplitHostPort(hostport); err == nil && host == siteHost {
				hostport = addr
			}
			return dialer.DialContext(ctx, network, hostport)
		},
	}}
}

// Config renders the embedded demo.yaml for this world and loads it like any
// config, with a made-up bot token for the Slack stand-in.
func (w *World) Config(dbPath string) (*config.Config, error) {
	raw, err := render("demo.yaml", clock{Base: w.PublicURL(), Slack: w.slack.srv.URL, DB: dbPath})
	if err != nil {
		return nil, err
	}
	env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-demo-not-a-real-token"}
	cfg, err := config.Parse("demo.yaml", raw, func(k string) string { return env[k] })
	if err != nil {
		return nil, fmt.Errorf("demo config: %w", err)
	}
	return cfg, nil
}

// Seed stores the simulated history unless an earlier run (a kept store) did.
// It returns how many mentions it stored.
func Seed(db *store.DB, now time.Time) (int, error) {
	if ok, err := db.HasMention("history:0"); err != nil || ok {
		return 0, err
	}
	an, err := sentiment.New(sentiment.Options{})
	if err != nil {
		return 0, err
	}
	n, err := seedHistory(db, an, now, HistoryDays)
	if err != nil {
		return 0, fmt.Errorf("seed history: %w", err)
	}
	return n, nil
}

// ShowSlack writes every message the Slack stand-in received, as a channel shows it.
func (w *World) ShowSlack(out io.Writer) {
	for _, m := range w.slack.Messages() {
		if m.ThreadTS == "" {
			fmt.Fprintf(out, "\n----- Slack %s -----\n%s", m.Channel, m.render())
			continue
		}
		// A reply: shown indented under the message it answers, as a thread.
		body := strings.TrimSuffix(m.render(), "\n")
		fmt.Fprintf(out, "\n    ↳ reply in the thread\n    │ %s\n", strings.ReplaceAll(body, "\n", "\n    │ "))
	}
}

// SlackMessages is how many messages the stand-in received.
func (w *World) SlackMessages() int { return len(w.slack.Messages()) }

// Worst lists the most negative mentions of the last two hours, as support would triage them.
func Worst(w io.Writer, db *store.DB, now time.Time) error {
	var ms []model.Mention
	err := db.EachMention(store.Query{Since: now.Add(-2 * time.Hour), Label: model.Negative}, func(m *model.Mention) error {
		ms = append(ms, *m)
		return nil
	})
	if err != nil {
		return err
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Analysis.Score < ms[j].Analysis.Score })
	fmt.Fprintf(w, "\nmost negative mentions of the last two hours (%d negative):\n", len(ms))
	for i, m := range ms {
		if i == 5 {
			break
		}
		var b bytes.Buffer
		fmt.Fprintf(&b, "  %+.2f [%s] %s", m.Analysis.Score, m.Lang, truncate(m.Text, 90))
		if m.Analysis.Complaint {
			fmt.Fprintf(&b, "  (complaint, urgency %d)", m.Analysis.Urgency)
		}
		fmt.Fprintln(w, b.String())
	}
	return nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
