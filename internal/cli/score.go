package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
)

// scoreLine is one output line of `earshot score`, in the DESIGN.md contract order.
type scoreLine struct {
	ID         *string              `json:"id,omitempty"`
	Score      *float64             `json:"score"` // null when the language cannot be scored
	Label      model.Label          `json:"label"`
	Lang       string               `json:"lang"`
	Aspects    []model.AspectScore  `json:"aspects"`
	Complaint  bool                 `json:"complaint"`
	Urgency    int                  `json:"urgency"`
	Confidence float64              `json:"confidence"`
	Mismatch   bool                 `json:"rating_mismatch,omitempty"`
	Explain    []model.Contribution `json:"explain,omitempty"`
}

// scoreInput is one JSONL input object.
type scoreInput struct {
	ID     *json.RawMessage `json:"id"`
	Text   string           `json:"text"`
	Title  string           `json:"title"`
	Lang   string           `json:"lang"`
	Rating *float64         `json:"rating"`
}

func runScore(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "score", "[--jsonl] [--explain] [--config FILE]",
		"Score texts from stdin: one text a line, or with --jsonl one object a line with \"text\" and optional \"id\", \"title\", \"lang\", \"rating\" (0..5).\nWrites one JSON object a line, in input order.")
	jsonl := fs.Bool("jsonl", false, "read JSONL objects instead of plain lines")
	explain := fs.Bool("explain", false, "include the tokens and rules that moved each score")
	cfgPath := fs.String("config", "", "config file whose sentiment terms and aspects to use")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var opts sentiment.Options
	if *cfgPath != "" {
		cfg, err := loadConfig(env, *cfgPath)
		if err != nil {
			return err
		}
		opts = sentimentOptions(cfg)
	}
	an, err := sentiment.New(opts)
	if err != nil {
		return fmt.Errorf("load sentiment engine: %w", err)
	}
	return scoreStream(ctx, env, an, *jsonl, *explain)
}

func scoreStream(ctx context.Context, env Env, an *sentiment.Analyzer, jsonl, explain bool) error {
	sc := bufio.NewScanner(env.Stdin)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	out := bufio.NewWriterSize(env.Stdout, 64<<10)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	var a model.Analysis
	for line := 1; sc.Scan(); line++ {
		if line%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if jsonl && len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue // a blank line (a trailing newline) is no object to score
		}
		in, id, err := parseScoreLine(sc.Bytes(), jsonl)
		if err != nil {
			out.Flush()
			return userErrorf("stdin line %d: %v", line, err)
		}
		in.Explain = explain
		an.AnalyzeInto(in, &a)
		if err := enc.Encode(toScoreLine(id, &a, explain)); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return userErrorf("read stdin: %v (lines are limited to 16 MiB)", err)
	}
	return nil
}

func parseScoreLine(b []byte, jsonl bool) (sentiment.Input, *string, error) {
	if !jsonl {
		return sentiment.Input{Text: string(b)}, nil, nil
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return sentiment.Input{}, nil, fmt.Errorf("empty line: with --jsonl every line must be an object with \"text\"")
	}
	var in scoreInput
	if err := json.Unmarshal(b, &in); err != nil {
		return sentiment.Input{}, nil, fmt.Errorf("not a JSON object with \"text\": %v", err)
	}
	var id *string
	if in.ID != nil {
		s := string(*in.ID) // a number stays as written
		if err := json.Unmarshal(*in.ID, &s); err != nil && len(*in.ID) > 0 && (*in.ID)[0] == '"' {
			return sentiment.Input{}, nil, fmt.Errorf("id: %v", err)
		}
		id = &s
	}
	return sentiment.Input{Text: in.Text, Title: in.Title, LangHint: in.Lang, Rating: in.Rating}, id, nil
}

func toScoreLine(id *string, a *model.Analysis, explain bool) scoreLine {
	l := scoreLine{ID: id, Label: a.Label, Lang: a.Lang, Aspects: a.Aspects, Complaint: a.Complaint,
		Urgency: a.Urgency, Confidence: a.Confidence, Mismatch: a.RatingMismatch}
	if l.Aspects == nil {
		l.Aspects = []model.AspectScore{}
	}
	if a.Scored {
		s := a.Score
		l.Score = &s
	}
	if explain {
		l.Explain = a.Explain
	}
	return l
}
