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
	ID         json.RawMessage      `json:"id,omitempty"` // as it came: a string or a number
	Score      *float64             `json:"score"`        // null when the language cannot be scored
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
		b := sc.Bytes()
		if line == 1 { // Notepad and PowerShell start UTF-8 files with a BOM
			b = bytes.TrimPrefix(b, []byte("\ufeff"))
		}
		if jsonl && len(bytes.TrimSpace(b)) == 0 {
			continue // a blank line (a trailing newline) is no object to score
		}
		in, id, err := parseScoreLine(b, jsonl)
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

func parseScoreLine(b []byte, jsonl bool) (sentiment.Input, json.RawMessage, error) {
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
	var id json.RawMessage
	if in.ID != nil && string(*in.ID) != "null" {
		// Written back exactly as it came, so callers can join on it.
		var s string
		var n json.Number
		switch {
		case json.Unmarshal(*in.ID, &s) == nil:
			id = jsonString(s) // one spelling whatever escapes the input used
		case json.Unmarshal(*in.ID, &n) == nil:
			id = *in.ID
		default:
			return sentiment.Input{}, nil, fmt.Errorf("id must be a string or a number, got %s", *in.ID)
		}
	}
	return sentiment.Input{Text: in.Text, Title: in.Title, LangHint: in.Lang, Rating: in.Rating}, id, nil
}

func toScoreLine(id json.RawMessage, a *model.Analysis, explain bool) scoreLine {
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

// jsonString encodes s as JSON without escaping <, > and & (the output is
// data for scripts, not HTML).
func jsonString(s string) json.RawMessage {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return bytes.TrimRight(b.Bytes(), "\n")
}
