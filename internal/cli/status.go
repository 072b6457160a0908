package cli

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/earshot/earshot/internal/app"
	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/internal/web"
)

func runStatus(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "status", "--config FILE [--db FILE]",
		"Sources with their last runs and errors, and alerts waiting for delivery.\n"+
			"When a running earshot holds the store, asks its API (web.listen) instead.")
	db := dbFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *db.config == "" {
		return userErrorf("--config FILE is required")
	}
	st, err := readStatus(ctx, db, env, env.Now())
	if err != nil {
		return err
	}
	printStatus(env.Stdout, st, env.Now())
	return nil
}

// readStatus reads the store, or the running service's API when it holds the store.
func readStatus(ctx context.Context, flags *storeFlags, env Env, now time.Time) (web.Status, error) {
	sdb, api, r, err := flags.openOrAPI(env)
	if err != nil {
		return web.Status{}, err
	}
	if api != nil {
		var st web.Status
		if err := api.get(ctx, "/api/status", nil, &st); err != nil {
			return st, heldError(r, api, err)
		}
		return st, nil
	}
	defer sdb.Close()
	return web.Collect(sdb, app.WebSources(r.cfg), now)
}

func printStatus(w io.Writer, st web.Status, now time.Time) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tTYPE\tSCHEDULE\tLAST RUN\tLAST SUCCESS\tFAILURES\tLAST ERROR OR WARNING")
	for _, s := range st.Sources {
		name := s.Name
		if s.Disabled {
			name += " (disabled)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", name, s.Type, s.Schedule, ago(now, s.State.LastRun),
			ago(now, s.State.LastSuccess), s.State.ConsecutiveFailures, lastProblem(s.State))
	}
	tw.Flush()
	for _, s := range st.Sources {
		for _, r := range s.State.Ratings {
			over := ""
			if r.Count > 0 {
				over = fmt.Sprintf(" over %d reviews", r.Count)
			}
			fmt.Fprintf(w, "  %s: %s rated %.1f/5%s (%s, %s)\n", s.Name, r.Item, r.Rating, over, r.URL, ago(now, r.SeenAt))
		}
	}
	fmt.Fprintf(w, "\n%d mentions stored (%d unscored); undelivered alerts: %d\n", st.Mentions, st.Unscored, len(st.Pending))
	for _, d := range st.Pending {
		next := "next " + d.NextAttempt.Format(time.RFC3339)
		if d.GivenUp() {
			next = "given up (not retried; see the error)"
		}
		lastErr := truncate(d.LastError, 80)
		if lastErr == "" {
			lastErr = "none yet"
		}
		fmt.Fprintf(w, "  %s via %s: %d attempts, %s, last error: %s\n", d.AlertID, d.Channel, d.Attempts, next, lastErr)
	}
}

func ago(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return now.Sub(t).Round(time.Second).String() + " ago"
}

// lastProblem is a source's last error, or else the first warning of its
// last pass, shortened for the table.
func lastProblem(st model.SourceState) string {
	switch {
	case st.LastError != "":
		return truncate(st.LastError, 80)
	case len(st.Warnings) == 0:
		return ""
	case len(st.Warnings) == 1:
		return truncate("warning: "+st.Warnings[0], 80)
	}
	return truncate(fmt.Sprintf("%d warnings, first: %s", len(st.Warnings), st.Warnings[0]), 80)
}

// truncate shortens s to n runes by cutting its middle: an error starts
// with where it happened (source, URL) and ends with why, and both matter.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	head := n * 2 / 5
	return string(r[:head]) + "…" + string(r[len(r)-(n-head-1):])
}
