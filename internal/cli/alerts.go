package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/earshot/earshot/internal/app"
	"github.com/earshot/earshot/internal/model"
)

// deliveryWait bounds how long a one-shot alert command waits for retries.
const deliveryWait = 2 * time.Minute

func runAlerts(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(env.Stderr, "Usage: earshot alerts check|replay|test --config FILE [flags]\n\n"+
			"  check   evaluate the rules now (or --at a time) and deliver what fires\n"+
			"  replay  list what the rules would have fired over stored history (--from, --to); sends nothing\n"+
			"  test    send a test message to every configured channel")
		if len(args) == 0 {
			return silentExit(1)
		}
		return nil
	}
	switch args[0] {
	case "check":
		return runAlertsCheck(ctx, env, args[1:])
	case "replay":
		return runAlertsReplay(ctx, env, args[1:])
	case "test":
		return runAlertsTest(ctx, env, args[1:])
	}
	return userErrorf("unknown alerts command %q: use check, replay or test", args[0])
}

// openApp loads the config and builds the app for an alert command.
func openApp(env Env, cfgPath, dbPath string) (*app.App, error) {
	if cfgPath == "" {
		return nil, userErrorf("--config FILE is required")
	}
	cfg, err := loadConfig(env, cfgPath)
	if err != nil {
		return nil, err
	}
	a, err := app.New(cfg, app.Options{Logger: newLogger(env.Stderr, "warn", "text"), Version: Version, Now: env.Now, DBPath: dbPath})
	if err != nil {
		return nil, userError{err}
	}
	return a, nil
}

func runAlertsCheck(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "alerts check", "--config FILE [--db FILE] [--at RFC3339]", "Evaluate the alert rules now (or as of --at) and deliver what fires.")
	cfgPath := fs.String("config", "", "config file (required)")
	dbPath := fs.String("db", "", "store file (default: store.path from the config)")
	at := fs.String("at", "", "evaluate as of this time (RFC 3339); default now")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	when := env.Now()
	if *at != "" {
		t, err := parseWhen("--at", *at)
		if err != nil {
			return err
		}
		when = t
	}
	a, err := openApp(env, *cfgPath, *dbPath)
	if err != nil {
		return err
	}
	defer a.Close()
	queued, sent, err := a.CheckAlerts(ctx, when, deliveryWait)
	for _, al := range queued {
		fmt.Fprintf(env.Stdout, "%s %s %s: %s\n", al.Kind, al.Rule, scopeOf(al), al.Summary)
	}
	fmt.Fprintf(env.Stdout, "%d alert(s) queued, %d delivered\n", len(queued), sent)
	if errors.Is(err, app.ErrAlertsDisabled) {
		return userError{err}
	}
	return err
}

// replayLine is one `alerts replay --json` line.
type replayLine struct {
	Brand       string          `json:"brand,omitempty"`
	Aspect      string          `json:"aspect,omitempty"`
	Source      string          `json:"source,omitempty"`
	Rule        string          `json:"rule"`
	Kind        model.AlertKind `json:"kind"`
	Detector    string          `json:"detector"`
	Severity    int             `json:"severity"`
	WindowStart time.Time       `json:"window_start"`
	WindowEnd   time.Time       `json:"window_end"`
	Observed    float64         `json:"observed"`
	Expected    float64         `json:"expected"`
	Share       float64         `json:"share"`
	Baseline    float64         `json:"baseline_share"`
	PValue      float64         `json:"p_value"`
	Incomplete  bool            `json:"incomplete,omitempty"`
	Summary     string          `json:"summary"`
	ID          string          `json:"id"`
	// FollowsUp is the alert of another rule on the same storm whose Slack
	// thread this one would join, rather than post in the channel.
	FollowsUp string `json:"follows_up,omitempty"`
	// StormOver marks the resolve that ends a storm: no other rule still
	// fires on its scope (Slack then marks the thread's first message).
	StormOver bool `json:"storm_over,omitempty"`
}

func runAlertsReplay(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "alerts replay", "--config FILE [--db FILE] --from T --to T [--step 1h] [--json]",
		"List the alerts the rules would have fired over stored history. Sends and stores nothing.")
	cfgPath := fs.String("config", "", "config file (required)")
	dbPath := fs.String("db", "", "store file (default: store.path from the config)")
	from := fs.String("from", "", "start (RFC 3339 or YYYY-MM-DD, required)")
	to := fs.String("to", "", "end (RFC 3339 or YYYY-MM-DD, required)")
	step := fs.Duration("step", time.Hour, "evaluate every step")
	asJSON := fs.Bool("json", false, "one JSON object a line")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	f, err := parseWhen("--from", *from)
	if err != nil {
		return err
	}
	t, err := parseWhen("--to", *to)
	if err != nil {
		return err
	}
	if f.IsZero() || t.IsZero() || !f.Before(t) || *step <= 0 {
		return userErrorf("--from and --to are required, --from before --to, and --step positive")
	}
	a, err := openApp(env, *cfgPath, *dbPath)
	if err != nil {
		return err
	}
	defer a.Close()
	fired, err := a.Replay(ctx, f, t, *step)
	if err != nil {
		if errors.Is(err, app.ErrAlertsDisabled) {
			return userError{err}
		}
		return err
	}
	return printReplay(env.Stdout, fired, *asJSON)
}

func printReplay(w io.Writer, fired []model.Alert, asJSON bool) error {
	enc := json.NewEncoder(w)
	for _, al := range fired {
		if asJSON {
			if err := enc.Encode(replayLine{Brand: al.Brand, Aspect: al.Aspect, Source: al.Source, Rule: al.Rule, Kind: al.Kind,
				Detector: al.Detector, Severity: al.Severity, WindowStart: al.WindowStart, WindowEnd: al.WindowEnd,
				Observed: al.Observed, Expected: al.Expected, Share: al.Share, Baseline: al.BaselineShare,
				PValue: al.PValue, Incomplete: al.Incomplete, Summary: al.Summary, ID: al.ID, FollowsUp: al.FollowsUp, StormOver: al.StormOver}); err != nil {
				return err
			}
			continue
		}
		kind := string(al.Kind)
		if al.FollowsUp != "" {
			kind = "↳ " + kind // in the thread of the alert above it on the same storm
		}
		if al.StormOver {
			kind += " (storm over)"
		}
		fmt.Fprintf(w, "%s  %-10s %-16s %-24s observed %.0f expected %.1f p=%.2g  %s\n", al.WindowEnd.Format(time.RFC3339),
			kind, al.Rule, scopeOf(al), al.Observed, al.Expected, al.PValue, al.Summary)
	}
	if !asJSON {
		threads := 0
		for _, al := range fired {
			if al.FollowsUp == "" && al.Kind == model.AlertFiring {
				threads++
			}
		}
		fmt.Fprintf(w, "%d alert(s) would have fired, starting %d Slack thread(s); ↳ marks a reply in the thread of another rule's alert on the same storm\n", len(fired), threads)
	}
	return nil
}

func scopeOf(a model.Alert) string {
	s := a.Brand
	if a.Aspect != "" {
		s += "/" + a.Aspect
	}
	if a.Source != "" {
		if s != "" {
			s += "/"
		}
		s += a.Source
	}
	return s
}

func runAlertsTest(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "alerts test", "--config FILE [--db FILE]", "Send a test message to every configured alert channel.")
	cfgPath := fs.String("config", "", "config file (required)")
	dbPath := fs.String("db", "", "store file (default: store.path from the config)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	a, err := openApp(env, *cfgPath, *dbPath)
	if err != nil {
		return err
	}
	defer a.Close()
	sent, err := a.SendTest(ctx, deliveryWait)
	if errors.Is(err, app.ErrNoNotifier) {
		return userError{err}
	}
	if err != nil {
		return err
	}
	if sent < len(a.Channels()) {
		return fmt.Errorf("sent %d of %d test messages: see `earshot status` for the delivery errors", sent, len(a.Channels()))
	}
	fmt.Fprintf(env.Stdout, "test message sent to %v\n", a.Channels())
	return nil
}
