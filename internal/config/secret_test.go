package config_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/earshot/earshot/internal/config"
)

// secretEnv holds a value for every *_env key the example names, plus the
// webhook pair, so every secret field is filled.
var secretEnv = map[string]string{
	"SLACK_BOT_TOKEN":        "xoxb-111-222-slacktokenvalue",
	"SLACK_SIGNING_SECRET":   "signingsecretvalue0001",
	"EARSHOT_TOKEN":          "webauthtokenvalue0001",
	"EARSHOT_WEBHOOK_URL":    "https://hooks.example.com/in/webhookurlvalue",
	"EARSHOT_WEBHOOK_SECRET": "webhooksecretvalue0001",
	"MASTODON_TOKEN":         "mastodontokenvalue0001",
	"BSKY_HANDLE":            "acme.bsky.social",
	"BSKY_APP_PASSWORD":      "bskypasswordvalue0001",
}

// withSecrets is the example plus the commented-out credentials switched on.
const withSecrets = `brands:
  - name: Acme
sources:
  - name: toots
    type: mastodon
    url: https://mastodon.social
    token_env: MASTODON_TOKEN
  - name: sky
    type: bluesky
    identifier_env: BSKY_HANDLE
    password_env: BSKY_APP_PASSWORD
alerts:
  slack:
    channel: "#alerts"
  webhook:
    url_env: EARSHOT_WEBHOOK_URL
    secret_env: EARSHOT_WEBHOOK_SECRET
crawl:
  contact: mailto:ops@example.com
`

func loadWithSecrets(t *testing.T) *config.Config {
	t.Helper()
	c, err := config.Parse("secrets.yaml", []byte(withSecrets), envMap(secretEnv))
	if err != nil {
		t.Fatalf("Parse(secrets.yaml) = %v", err)
	}
	return c
}

// TestSecretsFromEnv checks each secret comes from the variable its *_env names.
func TestSecretsFromEnv(t *testing.T) {
	c := loadWithSecrets(t)
	tests := []struct {
		name string
		got  string
		env  string
	}{
		{"sources[0].token", c.Sources[0].Token.Reveal(), "MASTODON_TOKEN"},
		{"sources[1].identifier", c.Sources[1].Identifier, "BSKY_HANDLE"},
		{"sources[1].password", c.Sources[1].Password.Reveal(), "BSKY_APP_PASSWORD"},
		{"alerts.slack.token", c.Alerts.Slack.Token.Reveal(), "SLACK_BOT_TOKEN"},
		{"alerts.slack.signing_secret", c.Alerts.Slack.SigningSecret.Reveal(), "SLACK_SIGNING_SECRET"},
		{"alerts.webhook.url", c.Alerts.Webhook.URL.Reveal(), "EARSHOT_WEBHOOK_URL"},
		{"alerts.webhook.secret", c.Alerts.Webhook.Secret.Reveal(), "EARSHOT_WEBHOOK_SECRET"},
		{"web.auth_token", c.Web.AuthToken.Reveal(), "EARSHOT_TOKEN"},
	}
	for _, tt := range tests {
		if tt.got != secretEnv[tt.env] {
			t.Errorf("%s = %q, want $%s = %q", tt.name, tt.got, tt.env, secretEnv[tt.env])
		}
	}
	if len(c.Warnings) != 0 {
		t.Errorf("Warnings = %v, want none with every variable set", c.Warnings)
	}
}

// TestEnvProblems checks which missing variables only warn and which make
// a feature that is switched on unusable (an error).
func TestEnvProblems(t *testing.T) {
	without := func(keys ...string) map[string]string {
		m := map[string]string{}
		for k, v := range secretEnv {
			m[k] = v
		}
		for _, k := range keys {
			delete(m, k)
		}
		return m
	}
	tests := []struct {
		name    string
		env     map[string]string
		want    string
		warning bool
	}{
		{"slack token missing", without("SLACK_BOT_TOKEN"),
			`secrets.yaml:14: warning: alerts.slack.channel: Slack alerts cannot be sent: $SLACK_BOT_TOKEN is not set`, true},
		{"webhook url missing", without("EARSHOT_WEBHOOK_URL"),
			`secrets.yaml:16: warning: alerts.webhook.url_env: $EARSHOT_WEBHOOK_URL is not set: webhook alerts cannot be sent`, true},
		{"webhook secret missing", without("EARSHOT_WEBHOOK_SECRET"),
			`secrets.yaml:17: alerts.webhook.secret_env: $EARSHOT_WEBHOOK_SECRET is not set, so webhook alerts would go out unsigned: set it, or remove secret_env`, false},
		{"bluesky both missing", without("BSKY_HANDLE", "BSKY_APP_PASSWORD"),
			`secrets.yaml:8: warning: sources[1]: $BSKY_HANDLE and $BSKY_APP_PASSWORD are not set: sky will search without signing in`, true},
		{"bluesky password missing", without("BSKY_APP_PASSWORD"),
			`secrets.yaml:11: sources[1].password_env: $BSKY_APP_PASSWORD is not set but $BSKY_HANDLE is: signing in cannot work without the app password`, false},
		{"mastodon token missing", without("MASTODON_TOKEN"),
			`secrets.yaml:7: warning: sources[0].token_env: $MASTODON_TOKEN is not set: toots will run without a token`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Parse("secrets.yaml", []byte(withSecrets), envMap(tt.env))
			var got string
			if tt.warning {
				if err != nil {
					t.Fatalf("Parse = %v, want only a warning", err)
				}
				got = c.Warnings.Error()
			} else {
				if !errors.Is(err, config.ErrInvalid) {
					t.Fatalf("Parse error = %v, want ErrInvalid", err)
				}
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("problems = %q\nwant       %q", got, tt.want)
			}
		})
	}
}

// TestSecretNeverPrinted formats a whole loaded config every way a log line
// or debug dump might, and checks no secret value appears.
func TestSecretNeverPrinted(t *testing.T) {
	c := loadWithSecrets(t)
	js, err := json.Marshal(c)
	if err != nil {
		t.Fatalf("json.Marshal(config) = %v", err)
	}
	outputs := map[string]string{
		"%v":        fmt.Sprintf("%v", c),
		"%+v":       fmt.Sprintf("%+v", *c),
		"%#v":       fmt.Sprintf("%#v", *c),
		"%v alerts": fmt.Sprintf("%v", c.Alerts),
		"json":      string(js),
	}
	for format, out := range outputs {
		for name, value := range secretEnv {
			if name == "BSKY_HANDLE" {
				continue // a handle is public: only credentials are secret
			}
			if strings.Contains(out, value) {
				t.Errorf("%s of the config contains $%s's value", format, name)
			}
		}
		// encoding/json escapes < and > by default.
		if !strings.Contains(out, "<secret>") && !strings.Contains(out, `\u003csecret\u003e`) {
			t.Errorf("%s of the config has no <secret> placeholder:\n%.300s", format, out)
		}
	}
}

// TestHash checks the hash ignores key order, comments and secrets, and
// changes when a rule does.
func TestHash(t *testing.T) {
	base := `crawl: {contact: "mailto:ops@example.com"}
brands: [{name: Acme, query: acme}]
sources: [{name: hn, type: hackernews}]
alerts:
  rules:
    - {name: spike, detector: negative_volume, window: 1h, min_lift: 2}
`
	reordered := `# same config, keys in another order
alerts:
  rules:
    - min_lift: 2
      window: 60m
      detector: negative_volume
      name: spike
sources:
  - type: hackernews
    name: hn
brands:
  - query: acme
    name: Acme
crawl:
  contact: mailto:ops@example.com
`
	changed := strings.Replace(base, "min_lift: 2", "min_lift: 3", 1)
	hash := func(src string, env map[string]string) string {
		c, err := config.Parse("h.yaml", []byte(src), envMap(env))
		if err != nil {
			t.Fatalf("Parse = %v", err)
		}
		return c.Hash()
	}
	h := hash(base, nil)
	if len(h) != 64 {
		t.Fatalf("Hash() = %q, want 64 hex digits", h)
	}
	if got := hash(reordered, nil); got != h {
		t.Errorf("Hash(reordered) = %s, want %s", got, h)
	}
	if got := hash(base, map[string]string{"SLACK_BOT_TOKEN": "xoxb-other"}); got != h {
		t.Errorf("Hash(with a secret in env) = %s, want %s: secrets must not count", got, h)
	}
	if got := hash(changed, nil); got == h {
		t.Errorf("Hash(min_lift changed) = %s, want a different hash", got)
	}
}
