package cli

import (
	"flag"
	"fmt"
	"time"

	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/sentiment"
	"github.com/earshot/earshot/store"
)

// storeFlags are the --config and --db flags of every command that reads the store.
type storeFlags struct {
	config *string
	db     *string
}

func dbFlags(fs *flag.FlagSet) *storeFlags {
	return &storeFlags{
		config: fs.String("config", "", "config file (for the store path and sentiment terms)"),
		db:     fs.String("db", "", "bbolt store file (default: store.path from --config, else earshot.db)"),
	}
}

// resolvedStore is where the store is and how to analyse what enters it.
type resolvedStore struct {
	path      string
	timeout   time.Duration
	sentiment sentiment.Options
	cfg       *config.Config // nil without --config
}

func (f *storeFlags) resolve(env Env) (resolvedStore, error) {
	r := resolvedStore{path: "earshot.db", timeout: time.Second}
	if *f.config != "" {
		cfg, err := loadConfig(env, *f.config)
		if err != nil {
			return r, err
		}
		r.cfg = cfg
		r.path = cfg.Store.Path
		if d := cfg.Store.OpenTimeout.D(); d > 0 {
			r.timeout = d
		}
		r.sentiment = sentimentOptions(cfg)
	}
	if *f.db != "" {
		r.path = *f.db
	}
	return r, nil
}

// loadConfig loads and validates a config. Warnings are printed and do not stop
// the command; errors come back as a user error listing every problem.
func loadConfig(env Env, path string) (*config.Config, error) {
	cfg, err := config.Load(path, env.Getenv)
	if err != nil {
		return nil, userError{err}
	}
	printWarnings(env, cfg.Warnings)
	return cfg, nil
}

func printWarnings(env Env, ws config.Problems) {
	for _, w := range ws {
		fmt.Fprintln(env.Stderr, w.String()) // String says "warning:" itself
	}
}

func sentimentOptions(cfg *config.Config) sentiment.Options {
	return sentiment.Options{Terms: cfg.Sentiment.Terms, Aspects: cfg.Sentiment.Aspects}
}

// open resolves the flags and opens the store; a missing, locked or newer
// file is a user error.
func (f *storeFlags) open(env Env, readOnly bool) (*store.DB, resolvedStore, error) {
	r, err := f.resolve(env)
	if err != nil {
		return nil, r, err
	}
	db, err := store.Open(r.path, store.Options{Timeout: r.timeout, ReadOnly: readOnly})
	if err != nil {
		return nil, r, userError{err}
	}
	return db, r, nil
}
