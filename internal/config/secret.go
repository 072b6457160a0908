package config

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
)

// GoString hides the value from %#v too.
func (s Secret) GoString() string { return `config.Secret("` + s.String() + `")` }

// envName is what a *_env field must hold: the name of a variable, never its value.
var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// lookup returns the variable named by name, or "" when the name is empty or
// not a valid variable name (validation reports that).
func lookup(env func(string) string, name string) string {
	if !envName.MatchString(name) {
		return ""
	}
	return env(name)
}

// readSecrets fills every secret from the variable its *_env field names. The
// file never holds secrets: decoding rejects keys like "token".
func (c *Config) readSecrets(env func(string) string) {
	for i := range c.Sources {
		s := &c.Sources[i]
		s.Token = Secret(lookup(env, s.TokenEnv))
		s.Identifier = lookup(env, s.IdentifierEnv)
		s.Password = Secret(lookup(env, s.PasswordEnv))
	}
	sl := &c.Alerts.Slack
	sl.Token = Secret(lookup(env, sl.TokenEnv))
	sl.WebhookURL = Secret(lookup(env, sl.WebhookURLEnv))
	sl.SigningSecret = Secret(lookup(env, sl.SigningSecretEnv))
	wh := &c.Alerts.Webhook
	wh.URL = Secret(lookup(env, wh.URLEnv))
	wh.Secret = Secret(lookup(env, wh.SecretEnv))
	c.Web.AuthToken = Secret(lookup(env, c.Web.AuthTokenEnv))
}

// Hash is a stable SHA-256 (hex) of what the config means: two files that
// differ only in key order, comments or formatting hash the same, and values
// taken from the environment (secrets, the Bluesky handle) are left out, so
// a replayed alert can say which config fired it without leaking anything.
// It is "" only for a config Parse rejected (a NaN number).
func (c *Config) Hash() string {
	cp := *c
	cp.File, cp.Warnings, cp.lines = "", nil, nil
	cp.Sources = make([]Source, len(c.Sources))
	for i, s := range c.Sources {
		s.Token, s.Identifier, s.Password = "", "", ""
		cp.Sources[i] = s
	}
	cp.Alerts.Slack.Token, cp.Alerts.Slack.WebhookURL, cp.Alerts.Slack.SigningSecret = "", "", ""
	cp.Alerts.Webhook.URL, cp.Alerts.Webhook.Secret = "", ""
	cp.Web.AuthToken = ""
	// encoding/json writes struct fields in declaration order and map keys
	// sorted, which is exactly the stability a hash needs.
	data, err := json.Marshal(cp)
	if err != nil {
		// Only a NaN or infinite number can fail here, and validation rejects
		// those: a config Parse accepted always hashes.
		return ""
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
