package cli

import (
	"context"
	"fmt"
	"io"
	"sort"

	"github.com/earshot/earshot/store"
)

func runStats(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "stats", "--db FILE | --config FILE", "Counts of stored mentions per brand, source, label and language.\n"+
		"When a running earshot holds the store, asks its API (web.listen) instead.")
	db := dbFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	sdb, api, r, err := db.openOrAPI(env)
	if err != nil {
		return err
	}
	var st store.Stats
	if api != nil {
		if err := api.get(ctx, "/api/stats", nil, &st); err != nil {
			return heldError(r, api, err)
		}
	} else {
		defer sdb.Close()
		if st, err = sdb.Stats(); err != nil {
			return err
		}
	}
	w := env.Stdout
	fmt.Fprintf(w, "%s: %d mentions (%d unscored), %.1f MiB", r.path, st.Mentions, st.Unscored, float64(st.FileBytes)/(1<<20))
	if st.Mentions > 0 {
		fmt.Fprintf(w, ", published %s .. %s", st.Oldest.Format("2006-01-02"), st.Newest.Format("2006-01-02"))
	}
	fmt.Fprintln(w)
	printCounts(w, "brand", st.ByBrand)
	printCounts(w, "source", st.BySource)
	printCounts(w, "label", st.ByLabel)
	printCounts(w, "language", st.ByLang)
	return nil
}

// printCounts prints a table of counts, largest first.
func printCounts(w io.Writer, title string, counts map[string]int) {
	if len(counts) == 0 {
		return
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	fmt.Fprintf(w, "\nby %s:\n", title)
	for _, k := range keys {
		name := k
		if name == "" {
			name = "(none)"
		}
		fmt.Fprintf(w, "  %-24s %8d\n", name, counts[k])
	}
}
