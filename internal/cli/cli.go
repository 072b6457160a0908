// Package cli implements earshot's command-line interface: one file per
// command, each parsing its own flags and calling the packages that do the
// work. It owns exit codes (0 ok, 1 user error, 2 internal failure) and the
// wording users see; it holds no state between calls.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"
)

// Version is earshot's version, printed by `earshot version` and sent in the User-Agent.
const Version = "0.1.0"

// Env is what a command may touch of the outside world, so tests run commands
// without a process.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Now    func() time.Time
	// IsTerminal reports whether w is an interactive terminal (for progress bars).
	IsTerminal func(w io.Writer) bool
}

// OSEnv is the Env of a real process.
func OSEnv() Env {
	return Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: time.Now, IsTerminal: isTerminal}
}

type command struct {
	name    string
	args    string // usage after the name
	summary string
	run     func(ctx context.Context, env Env, args []string) error
}

func commands() []command {
	return []command{
		{"demo", "[--db FILE]", "the whole pipeline on embedded local sources, with a local stand-in for Slack", runDemo},
		{"run", "--config FILE", "run the service: scheduled crawls, alerts and delivery", runRun},
		{"check", "--config FILE", "validate a config; exit 1 with FILE:LINE: field: problem lines", runCheck},
		{"crawl", "--config FILE --source NAME", "run one source once, store what it finds, print a summary", runCrawl},
		{"score", "[--jsonl] [--explain]", "score texts from stdin, one JSON object a line", runScore},
		{"eval", "FILE...", "accuracy, macro-F1 and confusion matrix on labelled JSONL", runEval},
		{"import", "--db FILE [--format jsonl|csv] [--map f=col,...] FILE", "import mentions (idempotent on id), scoring what is unscored", runImport},
		{"export", "--db FILE [--format jsonl|csv] [filters]", "export mentions with their analysis", runExport},
		{"stats", "--db FILE", "counts per brand, source, label and language", runStats},
		{"status", "--config FILE", "sources, last runs, errors, pending alerts", runStatus},
		{"alerts", "check|replay|test --config FILE", "evaluate alert rules, replay them over history, or send a test", runAlerts},
		{"version", "", "print the version", runVersion},
	}
}

// Main runs one command and returns the process exit code.
func Main(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.Stdout)
		if len(args) == 0 {
			return 1
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return exitCode(env, c.name, c.run(ctx, env, args[1:]))
		}
	}
	fmt.Fprintf(env.Stderr, "earshot: unknown command %q%s\nRun 'earshot --help' for the list.\n", args[0], suggest(args[0]))
	return 1
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "earshot listens for what customers say about your brands, scores it, and tells you when it matters.")
	fmt.Fprintln(w, "\nUsage: earshot COMMAND [flags]   (earshot COMMAND --help for a command's flags)")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nExit codes: 0 ok, 1 user error (bad config or input), 2 internal failure.")
}

func suggest(name string) string {
	best, bestDist := "", 3 // suggest only close misspellings
	for _, c := range commands() {
		if d := editDistance(name, c.name); d < bestDist {
			best, bestDist = c.name, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// userError is a problem the user can fix (bad flag, bad config, bad input): exit 1.
type userError struct{ err error }

func (e userError) Error() string { return e.err.Error() }
func (e userError) Unwrap() error { return e.err }

func userErrorf(format string, a ...any) error { return userError{fmt.Errorf(format, a...)} }

// silentExit carries an exit code whose message was already printed.
type silentExit int

func (e silentExit) Error() string { return fmt.Sprintf("exit %d", int(e)) }

func exitCode(env Env, name string, err error) int {
	var se silentExit
	var ue userError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &se):
		return int(se)
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "earshot %s: %v\n", name, err)
		return 1
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(env.Stderr, "earshot %s: interrupted\n", name)
		return 1
	}
	fmt.Fprintf(env.Stderr, "earshot %s: %v\n", name, err)
	return 2
}

// newFlags makes a FlagSet whose errors are user errors and whose --help prints
// the command's usage.
func newFlags(env Env, name, args, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: earshot %s\n\n%s\n", strings.TrimSpace(name+" "+args), summary)
		flags := false
		fs.VisitAll(func(*flag.Flag) { flags = true })
		if flags { // registered by now: Usage runs at parse time
			fmt.Fprint(env.Stderr, "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses args, turning flag errors into user errors.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return userError{err}
	}
	return nil
}

// newLogger builds the slog logger for long-running commands.
func newLogger(w io.Writer, level, format string) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
