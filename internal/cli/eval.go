package cli

import (
	"context"
	"fmt"

	"github.com/earshot/earshot/internal/evaluate"
	"github.com/earshot/earshot/sentiment"
)

func runEval(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "eval", "FILE...",
		"Evaluate the sentiment engine on labelled JSONL files (\"text\", \"label\", optional \"lang\"):\nprints n, accuracy, macro-F1, per-class precision/recall/F1, the confusion matrix and language-ID accuracy, per file.")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return userErrorf("give one or more labelled JSONL files, e.g. earshot eval ../shared/eval/*.jsonl")
	}
	an, err := sentiment.New(sentiment.Options{})
	if err != nil {
		return fmt.Errorf("load sentiment engine: %w", err)
	}
	for i, path := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		rep, err := evaluate.File(an, path)
		if err != nil {
			return userError{err}
		}
		if i > 0 {
			fmt.Fprintln(env.Stdout)
		}
		rep.WriteText(env.Stdout)
	}
	return nil
}
