package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/earshot/earshot/store"
)

func runStatus(_ context.Context, env Env, args []string) error {
	fs := newFlags(env, "status", "--config FILE [--db FILE]", "Sources with their last runs and errors, and alerts waiting for delivery.")
	db := dbFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *db.config == "" {
		return userErrorf("--config FILE is required")
	}
	r, err := db.resolve(env)
	if err != nil {
		return err
	}
	sdb, err := store.Open(r.path, store.Options{Timeout: r.timeout, ReadOnly: true})
	if err != nil {
		return userError{err}
	}
	defer sdb.Close()
	now := env.Now()
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tTYPE\tSCHEDULE\tLAST RUN\tLAST SUCCESS\tFAILURES\tLAST ERROR")
	for _, s := range r.cfg.Sources {
		st, err := sdb.SourceState(s.Name)
		if err != nil {
			return err
		}
		name := s.Name
		if s.Disabled {
			name += " (disabled)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", name, s.Type, s.Schedule, ago(now, st.LastRun), ago(now, st.LastSuccess),
			st.ConsecutiveFailures, truncate(st.LastError, 80))
	}
	tw.Flush()
	pending, err := sdb.PendingDeliveries(now.Add(100*365*24*time.Hour), 1000)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "\nalerts waiting for delivery: %d\n", len(pending))
	for _, d := range pending {
		fmt.Fprintf(env.Stdout, "  %s via %s: %d attempts, next %s, last error: %s\n", d.AlertID, d.Channel, d.Attempts,
			d.NextAttempt.Format(time.RFC3339), truncate(d.LastError, 80))
	}
	return nil
}

func ago(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return now.Sub(t).Round(time.Second).String() + " ago"
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
