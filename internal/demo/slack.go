package demo

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// slackStandIn answers the few Slack Web API methods earshot calls, records
// what it was sent, and shows it the way a channel would.
type slackStandIn struct {
	srv *httptest.Server

	mu       sync.Mutex
	messages []postedMessage
	ts       int
}

type postedMessage struct {
	Channel, Text, ThreadTS string
	Blocks                  []map[string]any
}

func startSlack() *slackStandIn {
	s := &slackStandIn{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /chat.postMessage", s.post)
	mux.HandleFunc("POST /chat.update", s.post)
	mux.HandleFunc("POST /auth.test", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]any{"ok": true, "user": "earshot", "team": "demo"})
	})
	s.srv = httptest.NewServer(mux)
	return s
}

func (s *slackStandIn) post(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_form_data"})
		return
	}
	// Like Slack, accept the token as a bearer header or a form field.
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer xoxb-") && !strings.HasPrefix(r.PostForm.Get("token"), "xoxb-") {
		writeJSON(w, map[string]any{"ok": false, "error": "not_authed"})
		return
	}
	m := postedMessage{Channel: r.PostForm.Get("channel"), Text: r.PostForm.Get("text"), ThreadTS: r.PostForm.Get("thread_ts")}
	if b := r.PostForm.Get("blocks"); b != "" {
		if err := json.Unmarshal([]byte(b), &m.Blocks); err != nil {
			writeJSON(w, map[string]any{"ok": false, "error": "invalid_blocks"})
			return
		}
	}
	s.mu.Lock()
	s.ts++
	ts := fmt.Sprintf("1700000000.%06d", s.ts)
	s.messages = append(s.messages, m)
	s.mu.Unlock()
	writeJSON(w, map[string]any{"ok": true, "channel": m.Channel, "ts": ts})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// Messages returns what was posted so far.
func (s *slackStandIn) Messages() []postedMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]postedMessage(nil), s.messages...)
}

// render shows a message as plain text: its blocks' text, in order.
func (m postedMessage) render() string {
	var b strings.Builder
	for _, blk := range m.Blocks {
		for _, text := range blockTexts(blk) {
			b.WriteString(text)
			b.WriteString("\n")
		}
	}
	if b.Len() == 0 {
		return m.Text + "\n"
	}
	return b.String()
}

// blockTexts pulls the visible text out of a Block Kit block.
func blockTexts(blk map[string]any) []string {
	var out []string
	if t, ok := blk["text"].(map[string]any); ok {
		if s, ok := t["text"].(string); ok {
			out = append(out, s)
		}
	}
	for _, key := range []string{"fields", "elements"} {
		items, _ := blk[key].([]any)
		for _, it := range items {
			if m, ok := it.(map[string]any); ok {
				if s, ok := m["text"].(string); ok {
					out = append(out, s)
				} else if t, ok := m["text"].(map[string]any); ok {
					if s, ok := t["text"].(string); ok {
						out = append(out, s)
					}
				}
			}
		}
	}
	return out
}
