package cli

import (
	"context"
	"errors"

	"github.com/earshot/earshot/internal/app"
)

func runRun(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "run", "--config FILE [--db FILE]",
		"Run the service: every source on its schedule, alert evaluation and delivery, until interrupted (Ctrl-C or SIGTERM).")
	cfgPath := fs.String("config", "", "config file (required)")
	dbPath := fs.String("db", "", "store file (default: store.path from the config)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *cfgPath == "" {
		return userErrorf("--config FILE is required (see config.example.yaml)")
	}
	cfg, err := loadConfig(env, *cfgPath)
	if err != nil {
		return err
	}
	logger := newLogger(env.Stderr, cfg.Log.Level, cfg.Log.Format)
	a, err := app.New(cfg, app.Options{Logger: logger, Version: Version, Now: env.Now, DBPath: *dbPath})
	if err != nil {
		return userError{err}
	}
	defer a.Close()
	if err := a.Run(ctx); errors.Is(err, app.ErrListen) {
		return userError{err}
	} else if err != nil {
		return err
	}
	return nil
}
