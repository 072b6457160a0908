package app_test

import (
	"strings"
	"testing"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/internal/app"
	"github.com/earshot/earshot/internal/config"
)

// What a rule's config says is what the evaluator uses: cooldown: 0 means
// none (the evaluator's own zero means "the default", 60m), and minimum
// counts of 0 are refused by check rather than quietly turned into 5 and 10.
func TestRuleValuesAsWritten(t *testing.T) {
	base := "brands: [{name: Acme}]\nsources:\n  - {name: a, type: feed, url: \"https://example.com/a\"}\nalerts:\n  rules:\n    - detector: negative_volume\n"
	cfg, err := config.Parse("r.yaml", []byte(base+"      cooldown: 0s\n      min_negative: 2\n      min_total: 3\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	r := app.Rules(cfg)[0]
	if r.Cooldown != alerts.NoCooldown || r.MinNegative != 2 || r.MinTotal != 3 {
		t.Errorf("rule = %+v; want no cooldown and the minimums as written", r)
	}
	if _, err := alerts.NewEvaluator(nil, nil, alerts.Options{Rules: app.Rules(cfg)}); err != nil {
		t.Errorf("the evaluator refuses the rule: %v", err)
	}
	_, err = config.Parse("r.yaml", []byte(base+"      min_negative: 0\n      min_total: 0\n"), nil)
	for _, want := range []string{"r.yaml:7: alerts.rules[0].min_negative: must be at least 1, got 0", "r.yaml:8: alerts.rules[0].min_total: must be at least 1, got 0"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("min counts of 0: error %v; want %q", err, want)
		}
	}
}
