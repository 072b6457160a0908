package cli

import (
	"context"

	"github.com/earshot/earshot/internal/demo"
)

func runDemo(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "demo", "[--db FILE]",
		"Run the whole pipeline on embedded local sources (a review page, a comment feed, a Hacker News search)\n"+
			"with simulated history and a local stand-in for Slack, and show what Slack would receive. Needs no network.")
	dbPath := fs.String("db", "", "keep the demo store in this file (default: a temporary file)")
	verbose := fs.Bool("v", false, "log what earshot does")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	level := "error"
	if *verbose {
		level = "debug"
	}
	return demo.Run(ctx, env.Stdout, demo.Options{DBPath: *dbPath, Version: Version, Logger: newLogger(env.Stderr, level, "text"), Now: env.Now})
}
