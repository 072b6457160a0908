package demo

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestSiteRendersTimesRelativeToNow(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 58, 0, 0, time.UTC)
	w := Start(now)
	defer w.Close()
	body := get(t, w.SiteURL()+"/reviews/northwind-trail-jacket")
	if !strings.Contains(body, `"datePublished":"2026-11-23T09:03:00Z"`) { // now - 55m
		t.Errorf("review page lacks a date 55 minutes before now")
	}
	if strings.Contains(body, "{{") {
		t.Error("unrendered template in the page")
	}
	hn := get(t, w.SiteURL()+"/hn/api/v1/search_by_date?query=Northwind")
	var parsed struct{ Hits []map[string]any }
	if err := json.Unmarshal([]byte(hn), &parsed); err != nil || len(parsed.Hits) != 3 {
		t.Fatalf("HN search is not valid JSON with 3 hits: %v", err)
	}
	resp, err := http.Get(w.SiteURL() + "/private/x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown path status %d, want 404", resp.StatusCode)
	}
}

func TestSlackStandInNeedsATokenAndRecords(t *testing.T) {
	w := Start(time.Now())
	defer w.Close()
	post := func(form url.Values) map[string]any {
		resp, err := http.PostForm(w.SlackURL()+"/chat.postMessage", form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return out
	}
	if r := post(url.Values{"channel": {"#x"}, "text": {"hi"}}); r["ok"] != false || r["error"] != "not_authed" {
		t.Errorf("without token = %v, want not_authed", r)
	}
	blocks := `[{"type":"section","text":{"type":"mrkdwn","text":"*18* negative"}}]`
	r := post(url.Values{"token": {"xoxb-1"}, "channel": {"#x"}, "text": {"fallback"}, "blocks": {blocks}})
	if r["ok"] != true || r["ts"] == "" {
		t.Fatalf("with token = %v", r)
	}
	if w.SlackMessages() != 1 || w.slack.Messages()[0].render() != "*18* negative\n" {
		t.Errorf("recorded %d messages, rendered %q", w.SlackMessages(), w.slack.Messages()[0].render())
	}
}

func TestConfigLoadsAndPointsAtTheWorld(t *testing.T) {
	w := Start(time.Now())
	defer w.Close()
	cfg, err := w.Config("/tmp/x.db")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Store.Path != "/tmp/x.db" || !strings.HasPrefix(cfg.Sources[0].URL, w.PublicURL()) || cfg.Alerts.Slack.Token.Reveal() == "" {
		t.Errorf("config = %+v", cfg)
	}
}

func get(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
