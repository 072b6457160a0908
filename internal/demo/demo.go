// Package demo runs the whole earshot pipeline on embedded local sources: a
// review page with schema.org reviews, a comment feed and a Hacker News search,
// served on loopback, with a local stand-in for Slack. It seeds simulated
// history so the alert rules have a baseline, crawls every source once,
// evaluates the rules, and shows what Slack would have received.
package demo

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/earshot/earshot/internal/app"
	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
	"github.com/earshot/earshot/store"
)

// Options configure a demo run.
type Options struct {
	// DBPath keeps the store there; empty uses a temporary file removed at the end.
	DBPath  string
	Version string
	Logger  *slog.Logger
	Now     func() time.Time
}

// historyDays is how much simulated history the demo seeds.
const historyDays = 21

// Run runs the demo and writes what happens to w.
func Run(ctx context.Context, w io.Writer, o Options) error {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	// The demo's clock stands two minutes before the hour, so the storm in the
	// embedded pages (published in the last hour) fills one alert window.
	now := o.Now().UTC().Truncate(time.Hour).Add(-2 * time.Minute)
	clockNow := func() time.Time { return now }
	dbPath, cleanup, err := demoDB(o.DBPath)
	if err != nil {
		return err
	}
	defer cleanup()
	site := startSite(now)
	defer site.Close()
	slack := startSlack()
	defer slack.srv.Close()
	fmt.Fprintf(w, "earshot demo: sources served at %s, Slack stand-in at %s, store %s\n\n", site.URL, slack.srv.URL, dbPath)

	cfg, err := demoConfig(site.URL, slack.srv.URL, dbPath)
	if err != nil {
		return err
	}
	a, err := app.New(cfg, app.Options{Logger: o.Logger, Version: o.Version, Now: clockNow, SlackMinInterval: -1})
	if err != nil {
		return err
	}
	defer a.Close()
	if err := seed(w, a.DB(), now); err != nil {
		return err
	}
	if err := crawlAll(ctx, w, a); err != nil {
		return err
	}
	return alertAndShow(ctx, w, a, slack, now)
}

func demoDB(path string) (string, func(), error) {
	if path != "" {
		return path, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "earshot-demo-")
	if err != nil {
		return "", nil, err
	}
	return filepath.Join(dir, "demo.db"), func() { os.RemoveAll(dir) }, nil
}

// demoConfig renders the embedded demo.yaml and loads it like any config, with
// a made-up bot token for the Slack stand-in.
func demoConfig(base, slackURL, dbPath string) (*config.Config, error) {
	raw, err := render("demo.yaml", clock{Base: base, Slack: slackURL, DB: dbPath})
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

func seed(w io.Writer, db *store.DB, now time.Time) error {
	if ok, err := db.HasMention("history:0"); err != nil || ok {
		return err // a kept store was seeded by an earlier run
	}
	an, err := sentiment.New(sentiment.Options{})
	if err != nil {
		return err
	}
	n, err := seedHistory(db, an, now, historyDays)
	if err != nil {
		return fmt.Errorf("seed history: %w", err)
	}
	fmt.Fprintf(w, "seeded %d days of simulated history: %d mentions\n", historyDays, n)
	return nil
}

func crawlAll(ctx context.Context, w io.Writer, a *app.App) error {
	for _, name := range a.SourceNames() {
		sum, err := a.Crawl(ctx, name)
		if err != nil {
			return fmt.Errorf("crawl %s: %w", name, err)
		}
		fmt.Fprintf(w, "crawled %-24s fetched %2d, new %2d, duplicate %d, unmatched %d\n", name, sum.Fetched, sum.New, sum.Duplicates, sum.Unmatched)
	}
	return nil
}

func alertAndShow(ctx context.Context, w io.Writer, a *app.App, slack *slackStandIn, now time.Time) error {
	queued, sent, err := a.CheckAlerts(ctx, now, 10*time.Second)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nalert rules: %d alert(s) fired, %d delivered to Slack\n", len(queued), sent)
	for _, m := range slack.Messages() {
		fmt.Fprintf(w, "\n----- Slack %s -----\n%s", m.Channel, m.render())
	}
	return worst(w, a.DB(), now)
}

// worst lists the most negative mentions of the last two hours, as support would triage them.
func worst(w io.Writer, db *store.DB, now time.Time) error {
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
