package config_test

import (
	"strings"
	"testing"

	"github.com/earshot/earshot/internal/config"
)

// Commenting out every rule under `rules:` (the way one edits the example
// config) leaves a null value, which keeps the default like everywhere else.
func TestNullRulesKeepDefaultRules(t *testing.T) {
	yaml := `
brands: [{name: Acme}]
sources:
  - {name: comments, type: feed, url: "https://example.com/feed"}
alerts:
  interval: 5m
  rules:
    # - name: acme-negative-spike
    #   detector: negative_volume
`
	cfg, err := config.Parse("c.yaml", []byte(yaml), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Alerts.Rules) == 0 {
		t.Errorf("rules: (null) gave no rules; want the default rules")
	}
	empty, err := config.Parse("c.yaml", []byte(strings.Replace(yaml, "  rules:\n", "  rules: []\n", 1)), nil)
	if err != nil || len(empty.Alerts.Rules) != 0 {
		t.Errorf("rules: [] = %d rules, %v; want none (written on purpose)", len(empty.Alerts.Rules), err)
	}
}

// A typo in crawl.default_schedule is reported once, where it is written,
// not again at every source that inherits it.
func TestInheritedScheduleTypoReportedOnceWhereWritten(t *testing.T) {
	yaml := `crawl:
  contact: mailto:a@b.c
  default_schedule: "every 30m"
brands: [{name: Acme}]
sources:
  - name: a
    type: feed
    url: https://example.com/a
  - name: b
    type: feed
    url: https://example.com/b
    schedule: "@every 2h"
`
	_, err := config.Parse("c.yaml", []byte(yaml), nil)
	probs, ok := err.(config.Problems)
	if !ok || len(probs) != 1 || probs[0].Path != "crawl.default_schedule" || probs[0].Line != 3 {
		t.Errorf("Parse = %v, want one problem at c.yaml:3 crawl.default_schedule", err)
	}
}

// alerts.interval runs as "@every <interval>": below a second, `earshot run`
// would refuse it, so `earshot check` does, at its line.
func TestAlertIntervalBelowOneSecond(t *testing.T) {
	yaml := "brands: [{name: Acme}]\nsources:\n  - {name: a, type: feed, url: \"https://example.com/a\"}\nalerts:\n  interval: 500ms\n"
	_, err := config.Parse("c.yaml", []byte(yaml), nil)
	if err == nil || !strings.Contains(err.Error(), "c.yaml:5: alerts.interval: must be at least 1s") {
		t.Errorf("Parse = %v, want c.yaml:5: alerts.interval: must be at least 1s", err)
	}
}

// A tab in the indentation is named as such, not as a quoting problem.
func TestTabIndentIsNamed(t *testing.T) {
	_, err := config.Parse("tabs.yaml", []byte("brands:\n\t- name: Acme\nsources: []\n"), nil)
	if err == nil || !strings.Contains(err.Error(), "tabs.yaml:2: YAML syntax: line 2 is indented with a tab") || strings.Contains(err.Error(), "must be quoted") {
		t.Errorf("Parse(tab-indented) = %v, want tabs.yaml:2 naming the tab", err)
	}
}

// Rule windows are whole hours (the rollups are hourly): 30m is an error at
// its line, not silently an hour.
func TestRuleWindowIsWholeHours(t *testing.T) {
	yaml := "brands: [{name: Acme}]\nsources:\n  - {name: a, type: feed, url: \"https://example.com/a\"}\nalerts:\n  rules:\n    - name: fast\n      detector: negative_volume\n      window: 30m\n"
	_, err := config.Parse("c.yaml", []byte(yaml), nil)
	if err == nil || !strings.Contains(err.Error(), "c.yaml:8: alerts.rules[0].window: 30m0s is not whole hours") {
		t.Errorf("Parse = %v, want c.yaml:8 saying the window is not whole hours", err)
	}
}

// yaml.v3 reports some mistakes at the line where their block starts, which
// can be well above them; the problem names the line of the mistake: a tab
// in the indentation further down, and a value that starts with a quoted
// part and goes on after it (a brand query written without outer quotes).
func TestYAMLMistakesAreReportedWhereTheyAre(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"brands:\n  - name: Acme\nsources:\n  - name: a\n    type: feed\n  \t  url: \"https://example.com/a\"\n",
			"m.yaml:6: YAML syntax: line 6 is indented with a tab"},
		{"brands:\n  - name: Acme\n    query: \"acme\" OR \"acme corp\"\nsources:\n  - {name: a, type: feed, url: \"https://example.com/a\"}\n",
			`m.yaml:3: YAML syntax: the value of query starts with a quoted part and goes on after it: quote it whole`},
	} {
		_, err := config.Parse("m.yaml", []byte(tc.src), nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse = %v\nwant %q", err, tc.want)
		}
	}
}
