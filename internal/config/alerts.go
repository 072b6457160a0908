package config

import (
	"fmt"
	"math"
	"net/url"
	"strings"
	"time"
)

var (
	detectors     = []string{"negative_volume", "negative_share", "source_health"}
	ruleBy        = []string{"aspect", "source"}
	sensitivities = []string{"low", "medium", "high"}
)

func (v *validator) alerts() {
	a := v.c.Alerts
	if a.Interval < Duration(time.Second) { // it runs as "@every <interval>", which needs 1s or more
		v.errorf("alerts.interval", "must be at least 1s, like 5m")
	}
	if v.c.set("alerts.dashboard_url") {
		v.httpURL("alerts.dashboard_url", a.DashboardURL, "https://earshot.example.com")
	}
	v.slack()
	v.webhook()
	if !a.Disabled && len(a.Rules) > 0 && a.Slack.Channel == "" && a.Webhook.URLEnv == "" {
		v.warnf("alerts", "alerts will be detected and stored but sent nowhere: set alerts.slack.channel or alerts.webhook.url_env")
	}
	seen := map[string]int{}
	for i := range a.Rules {
		path := fmt.Sprintf("alerts.rules[%d]", i)
		r := &a.Rules[i]
		if first, dup := seen[r.Name]; dup && r.Name != "" {
			v.errorf(path+".name", "rule %q is already defined at alerts.rules[%d] (line %d): give each rule its own name", r.Name, first, v.c.Line(fmt.Sprintf("alerts.rules[%d]", first)))
		} else {
			seen[r.Name] = i
		}
		v.rule(path, r)
	}
}

func (v *validator) slack() {
	s := v.c.Alerts.Slack
	v.envName("alerts.slack.token_env", s.TokenEnv)
	v.envName("alerts.slack.webhook_url_env", s.WebhookURLEnv)
	v.envName("alerts.slack.signing_secret_env", s.SigningSecretEnv)
	if s.APIURL != "" {
		v.httpURL("alerts.slack.api_url", s.APIURL, "https://slack.com/api/")
	}
	// Only keys written in the file count as "Slack is set up": token_env has
	// a default, and a token lying in the environment is not a request.
	configured := v.c.set("alerts.slack.token_env") || v.c.set("alerts.slack.webhook_url_env")
	if s.Channel == "" {
		if configured {
			v.errorf("alerts.slack.channel", "is required when Slack is set up (token_env or webhook_url_env): the channel alerts go to, like #brand-alerts")
		}
		return
	}
	if s.Token == "" && s.WebhookURL == "" {
		v.warnf(slackPath(v.c), "Slack alerts cannot be sent: %s", slackMissing(s))
	}
	if s.WebhookURL != "" && !isHTTPURL(s.WebhookURL.Reveal()) {
		v.errorf("alerts.slack.webhook_url_env", "$%s does not hold an http(s) URL: set it to the incoming webhook URL Slack gave you", s.WebhookURLEnv)
	}
	// signing_secret_env is reserved for Slack's interactive buttons, which
	// are not built yet: an unset variable changes nothing today, so no warning.
}

// slackPath points the "cannot send" warning at what the user wrote.
func slackPath(c *Config) string {
	if c.set("alerts.slack.token_env") {
		return "alerts.slack.token_env"
	}
	return "alerts.slack.channel"
}

func slackMissing(s Slack) string {
	if s.WebhookURLEnv == "" {
		return fmt.Sprintf("$%s is not set", s.TokenEnv)
	}
	return fmt.Sprintf("neither $%s nor $%s is set", s.TokenEnv, s.WebhookURLEnv)
}

func (v *validator) webhook() {
	w := v.c.Alerts.Webhook
	v.envName("alerts.webhook.url_env", w.URLEnv)
	v.envName("alerts.webhook.secret_env", w.SecretEnv)
	if w.URLEnv == "" {
		if w.SecretEnv != "" {
			v.errorf("alerts.webhook.secret_env", "is set without url_env: name the variable holding the webhook URL too")
		}
		return
	}
	switch {
	case w.URL == "":
		v.warnf("alerts.webhook.url_env", "$%s is not set: webhook alerts cannot be sent", w.URLEnv)
	case !isHTTPURL(w.URL.Reveal()):
		v.errorf("alerts.webhook.url_env", "$%s does not hold an http(s) URL", w.URLEnv)
	case w.SecretEnv != "" && w.Secret == "":
		// The user asked for signed payloads and the receiver will check:
		// sending them unsigned would fail every delivery.
		v.errorf("alerts.webhook.secret_env", "$%s is not set, so webhook alerts would go out unsigned: set it, or remove secret_env", w.SecretEnv)
	}
}

func (v *validator) rule(path string, r *Rule) {
	if !v.oneOf(path+".detector", "detector", r.Detector, detectors) {
		return
	}
	if r.Detector == "source_health" {
		v.atLeast(path+".failing_runs", int64(r.FailingRuns), 1)
		for _, key := range []string{"brands", "by", "sensitivity", "min_negative", "min_total", "min_lift"} {
			if v.c.set(path + "." + key) {
				v.errorf(path+"."+key, "does not apply to source_health rules (they watch sources, not brands): remove it")
			}
		}
		return
	}
	for j, b := range r.Brands {
		v.brandRef(fmt.Sprintf("%s.brands[%d]", path, j), b)
	}
	if len(r.Brands) == 0 && v.onlyCompetitors() {
		v.warnf(path, "watches no brands: every brand is a competitor; list the brands to watch under brands")
	}
	if r.By != "" {
		v.oneOf(path+".by", "by", r.By, ruleBy)
	}
	v.oneOf(path+".sensitivity", "sensitivity", r.Sensitivity, sensitivities)
	v.positive(path+".window", r.Window)
	if r.Window > 0 && time.Duration(r.Window)%time.Hour != 0 {
		v.errorf(path+".window", "%s is not whole hours: write 1h, 2h, ... (the counts it compares are hourly)", time.Duration(r.Window))
	}
	// 0 would let a rule fire on no negative mentions at all.
	v.atLeast(path+".min_negative", int64(r.MinNegative), 1)
	v.atLeast(path+".min_total", int64(r.MinTotal), 1)
	if math.IsNaN(r.MinLift) || math.IsInf(r.MinLift, 0) || r.MinLift <= 0 {
		v.errorf(path+".min_lift", "must be a number above 0, like 1.5 (50%% more negative mentions than usual)")
	}
}

func isHTTPURL(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// onlyCompetitors reports whether brands are named and every one is a competitor.
func (v *validator) onlyCompetitors() bool {
	named := 0
	for _, b := range v.c.Brands {
		if b.Name != "" {
			named++
		}
	}
	return named > 0 && len(v.c.ownBrands()) == 0
}
