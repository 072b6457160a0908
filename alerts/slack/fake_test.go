package slack_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
)

// fakeSlack is an httptest stand-in for the Slack Web API and an incoming
// webhook. It answers each request with the next scripted status (then 200)
// and records every request it accepted.
type fakeSlack struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	script []int // HTTP statuses to answer before succeeding
	apiErr string
	posted []url.Values     // accepted chat.postMessage forms
	edited []url.Values     // accepted chat.update forms
	hooks  []map[string]any // accepted webhook bodies
	auth   []string         // Authorization headers seen
}

const token = "xoxb-1234-secret-token"

func newFakeSlack(t *testing.T, script ...int) *fakeSlack {
	f := &fakeSlack{t: t, script: script}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeSlack) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.auth = append(f.auth, r.Header.Get("Authorization"))
	if len(f.script) > 0 {
		status := f.script[0]
		f.script = f.script[1:]
		if status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "3")
		}
		// Echo secrets back, as a misbehaving proxy might, to prove scrubbing.
		http.Error(w, fmt.Sprintf("upstream trouble for %s %s", r.Header.Get("Authorization"), r.URL), status)
		return
	}
	switch r.URL.Path {
	case "/api/chat.postMessage":
		if err := r.ParseForm(); err != nil {
			f.t.Errorf("parse form: %v", err)
		}
		if f.apiErr != "" {
			fmt.Fprintf(w, `{"ok":false,"error":%q}`, f.apiErr)
			return
		}
		f.posted = append(f.posted, r.PostForm)
		fmt.Fprintf(w, `{"ok":true,"channel":"C024BE91L","ts":"1700000000.%06d"}`, len(f.posted))
	case "/api/chat.update":
		if err := r.ParseForm(); err != nil {
			f.t.Errorf("parse form: %v", err)
		}
		f.edited = append(f.edited, r.PostForm)
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":%q,"text":""}`, r.PostForm.Get("channel"), r.PostForm.Get("ts"))
	case "/services/T000/B000/hooksecret":
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			f.t.Errorf("decode webhook body: %v", err)
		}
		f.hooks = append(f.hooks, body)
		fmt.Fprint(w, "ok")
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeSlack) counts() (posted, hooks int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.posted), len(f.hooks)
}
