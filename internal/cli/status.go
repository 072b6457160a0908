package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"text/tabwriter"
	"time"

	"github.com/earshot/earshot/internal/app"
	"github.com/earshot/earshot/internal/web"
	"github.com/earshot/earshot/store"
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
	r, err := db.resolve(env)
	if err != nil {
		return err
	}
	st, err := readStatus(ctx, r, app.WebSources(r.cfg), env.Now())
	if err != nil {
		return err
	}
	printStatus(env.Stdout, st, env.Now())
	return nil
}

// readStatus reads the store, or the running service's API when it holds the store.
func readStatus(ctx context.Context, r resolvedStore, sources []web.Source, now time.Time) (web.Status, error) {
	sdb, err := store.Open(r.path, store.Options{Timeout: r.timeout, ReadOnly: true})
	if errors.Is(err, store.ErrLocked) {
		st, apiErr := statusFromAPI(ctx, "http://"+r.cfg.Web.Listen+"/api/status")
		if apiErr != nil {
			return st, userErrorf("%v; and the running earshot's API did not answer: %v", err, apiErr)
		}
		return st, nil
	}
	if err != nil {
		return web.Status{}, userError{err}
	}
	defer sdb.Close()
	return web.Collect(sdb, sources, now)
}

func statusFromAPI(ctx context.Context, url string) (web.Status, error) {
	var st web.Status
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return st, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return st, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return st, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	err = json.NewDecoder(io.LimitReader(resp.Body, 16<<20)).Decode(&st)
	return st, err
}

func printStatus(w io.Writer, st web.Status, now time.Time) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tTYPE\tSCHEDULE\tLAST RUN\tLAST SUCCESS\tFAILURES\tLAST ERROR")
	for _, s := range st.Sources {
		name := s.Name
		if s.Disabled {
			name += " (disabled)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", name, s.Type, s.Schedule, ago(now, s.State.LastRun),
			ago(now, s.State.LastSuccess), s.State.ConsecutiveFailures, truncate(s.State.LastError, 80))
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d mentions stored (%d unscored); alerts waiting for delivery: %d\n", st.Mentions, st.Unscored, len(st.Pending))
	for _, d := range st.Pending {
		fmt.Fprintf(w, "  %s via %s: %d attempts, next %s, last error: %s\n", d.AlertID, d.Channel, d.Attempts,
			d.NextAttempt.Format(time.RFC3339), truncate(d.LastError, 80))
	}
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
