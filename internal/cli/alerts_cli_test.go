package cli_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// alertsFixture imports three weeks of hourly mentions of Acme (a few
// negative, most not) and a storm of 30 complaints in the hour at storm,
// and writes a config whose alerts go to a webhook stand-in.
func alertsFixture(t *testing.T, storm time.Time) (cfg string, env map[string]string, posts func() []string) {
	t.Helper()
	dir := t.TempDir()
	in, db := filepath.Join(dir, "m.jsonl"), filepath.Join(dir, "e.db")
	var b strings.Builder
	n := 0
	line := func(at time.Time, text string) {
		n++
		fmt.Fprintf(&b, `{"id":"m%d","source":"reviews","brand":"Acme","text":%q,"published_at":%q}`+"\n", n, text, at.Format(time.RFC3339))
	}
	for at := storm.Add(-21 * 24 * time.Hour); at.Before(storm); at = at.Add(time.Hour) {
		line(at.Add(5*time.Minute), "Great prices and friendly staff!")
		line(at.Add(20*time.Minute), "Okay I guess, nothing special about the store.")
		if at.Hour()%6 == 0 {
			line(at.Add(40*time.Minute), "Terrible service, my order is two weeks late.")
		}
	}
	for i := range 30 {
		line(storm.Add(time.Duration(i)*time.Minute), fmt.Sprintf("Acme lost my parcel again and the refund never came (%d). Worst service ever.", i))
	}
	os.WriteFile(in, []byte(b.String()), 0o600)
	if r := run(t, "", nil, "import", "--db", db, in); r.code != 0 {
		t.Fatalf("import: %s", r.stderr)
	}
	var mu sync.Mutex
	var got []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, string(body))
		mu.Unlock()
	}))
	t.Cleanup(hook.Close)
	cfg = filepath.Join(dir, "c.yaml")
	os.WriteFile(cfg, []byte("store: {path: "+db+"}\nbrands: [{name: Acme}]\nsources:\n  - {name: reviews, type: feed, url: \"https://example.com/feed\"}\nalerts: {webhook: {url_env: HOOK}}\n"), 0o600)
	return cfg, map[string]string{"HOOK": hook.URL}, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), got...)
	}
}

// alerts replay --json lists what would have fired, one JSON object a line
// with the fields the docs promise, and sends nothing.
func TestAlertsReplayJSON(t *testing.T) {
	storm := time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)
	cfg, env, posts := alertsFixture(t, storm)
	r := run(t, "", env, "alerts", "replay", "--config", cfg, "--from", "2026-11-19", "--to", "2026-11-21", "--json")
	if r.code != 0 {
		t.Fatalf("replay: exit %d: %s", r.code, r.stderr)
	}
	var storms int
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var a struct {
			Brand, Rule, Kind, Detector, ID, Summary string
			WindowStart                              time.Time `json:"window_start"`
			WindowEnd                                time.Time `json:"window_end"`
			Observed, Expected                       float64
			PValue                                   float64 `json:"p_value"`
			Severity                                 int
		}
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			t.Fatalf("replay line %q is not JSON: %v", l, err)
		}
		if a.Kind == "firing" && a.Brand == "Acme" && !a.WindowEnd.Before(storm.Add(time.Hour)) && a.WindowStart.Before(storm.Add(time.Hour)) {
			storms++
			if a.PValue >= 0.001 || a.Observed < 30 || a.Observed <= a.Expected || a.ID == "" || a.Summary == "" || a.Severity < 1 {
				t.Errorf("storm alert line lacks its numbers: %s", l)
			}
		}
	}
	if storms == 0 {
		t.Errorf("replay --json listed no alert for the storm at %s:\n%s", storm, r.stdout)
	}
	if !strings.Contains(r.stdout, `"kind":"resolved"`) || !strings.Contains(r.stdout, `"storm_over":true`) {
		t.Errorf("replay --json shows no resolve that ends the storm:\n%s", r.stdout)
	}
	if len(posts()) != 0 {
		t.Errorf("replay sent %d messages; it must send nothing", len(posts()))
	}
}

// alerts check --at evaluates as of that moment and delivers what fires; a
// second check at the same moment queues and sends nothing. alerts test
// sends one test message.
func TestAlertsCheckAtAndTest(t *testing.T) {
	storm := time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)
	cfg, env, posts := alertsFixture(t, storm)
	at := storm.Add(time.Hour).Format(time.RFC3339)
	first := run(t, "", env, "alerts", "check", "--config", cfg, "--at", at)
	if first.code != 0 || !strings.Contains(first.stdout, "firing negative_volume Acme") {
		t.Fatalf("alerts check --at %s: exit %d\n%s%s", at, first.code, first.stdout, first.stderr)
	}
	sent := len(posts())
	if sent == 0 || !strings.Contains(first.stdout, fmt.Sprintf("%d alert(s) queued, %d delivered", sent, sent)) {
		t.Fatalf("first check: the hook got %d posts; stdout:\n%s", sent, first.stdout)
	}
	again := run(t, "", env, "alerts", "check", "--config", cfg, "--at", at)
	if again.code != 0 || !strings.Contains(again.stdout, "0 alert(s) queued, 0 delivered") || len(posts()) != sent {
		t.Errorf("second check at the same moment: exit %d, hook posts %d (was %d):\n%s", again.code, len(posts()), sent, again.stdout)
	}
	test := run(t, "", env, "alerts", "test", "--config", cfg)
	if test.code != 0 || len(posts()) != sent+1 || !strings.Contains(posts()[sent], `"kind":"test"`) {
		t.Errorf("alerts test: exit %d, %d posts (want %d); stdout %q stderr %q", test.code, len(posts()), sent+1, test.stdout, test.stderr)
	}
}
