// Package config owns earshot's YAML configuration: the schema, its defaults,
// strict decoding, secrets taken from the environment, and validation that
// reports every problem as FILE:LINE: path.to.field: what to fix.
//
// Loading runs in fixed steps: Default, a strict decode that records the line
// of every key, derived defaults, secrets from an injected env lookup, then
// validation. The package must not read the process environment itself (env
// is passed in), log, or reach the network; other packages take plain values
// out of a Config and never a *yaml.Node.
package config

import "time"

// Config is the whole earshot configuration. A file with only brands and sources
// is a working config: everything else has defaults.
type Config struct {
	Store     Store     `yaml:"store"`
	Crawl     Crawl     `yaml:"crawl"`
	Sentiment Sentiment `yaml:"sentiment"`
	Brands    []Brand   `yaml:"brands"`
	Sources   []Source  `yaml:"sources"`
	Alerts    Alerts    `yaml:"alerts"`
	Digest    Digest    `yaml:"digest"`
	Web       Web       `yaml:"web"`
	Log       Log       `yaml:"log"`

	// File is the path the config was loaded from, for messages.
	File string `yaml:"-"`
	// Warnings are the problems that did not stop Parse (a missing environment
	// variable, a source earshot can only partly use); `earshot check` prints them.
	Warnings Problems `yaml:"-"`

	// lines maps each field path the file wrote to the line of its key; see Line.
	lines map[string]int
}

// Store configures the embedded bbolt file.
type Store struct {
	Path        string   `yaml:"path"`         // default "earshot.db"
	OpenTimeout Duration `yaml:"open_timeout"` // how long to wait for another process's lock; default 1s
}

// Crawl holds defaults shared by every source; politeness lives here.
type Crawl struct {
	// Contact is a URL or mailto: put in the User-Agent so site owners can reach the operator.
	Contact         string   `yaml:"contact"`
	RespectRobots   *bool    `yaml:"respect_robots"`   // default true
	Delay           Duration `yaml:"delay"`            // minimum gap between requests to one host; default 1s
	Parallelism     int      `yaml:"parallelism"`      // concurrent requests per host; default 2
	Timeout         Duration `yaml:"timeout"`          // whole-request timeout; default 30s
	MaxBodyBytes    int64    `yaml:"max_body_bytes"`   // default 10 MiB
	Retries         int      `yaml:"retries"`          // on 429/5xx/network errors; default 3
	MaxRedirects    int      `yaml:"max_redirects"`    // default 5
	MaxPages        int      `yaml:"max_pages"`        // pagination bound per run; default 10
	Jitter          Duration `yaml:"jitter"`           // random delay added to scheduled runs; default 30s
	DefaultSchedule string   `yaml:"default_schedule"` // cron or @every; default "@every 30m"
}

// Sentiment lets users extend the built-in lexicons and aspects.
type Sentiment struct {
	// Terms adds or overrides lexicon entries: language code -> term -> valence (-4..4).
	Terms map[string]map[string]float64 `yaml:"terms"`
	// Aspects adds keywords to built-in aspects or defines new ones: aspect -> keywords.
	Aspects map[string][]string `yaml:"aspects"`
}

// Brand is one brand (or competitor) earshot listens for.
type Brand struct {
	Name string `yaml:"name"`
	// Query is a boolean query: terms, "phrases", AND, OR, NOT, -term, (...), NEAR/n.
	// Default: the brand name as a phrase (filled in at load; crawler/query parses it).
	Query    string        `yaml:"query"`
	Examples BrandExamples `yaml:"examples"`
	// Competitor marks brands tracked for share of voice only (no alerts by default).
	Competitor bool `yaml:"competitor"`
}

// BrandExamples are texts the brand's query must and must not match; `earshot check` runs them.
type BrandExamples struct {
	Match   []string `yaml:"match"`
	NoMatch []string `yaml:"no_match"`
}

// Source is one place earshot crawls. Type selects which of the type-specific
// fields apply; validation rejects fields that do not belong to the type.
type Source struct {
	Name string `yaml:"name"`
	Type string `yaml:"type"` // feed | jsonld | html | mastodon | reddit | hackernews | bluesky
	// URL is the page or feed URL; for API sources the base URL (instance, API host).
	// Defaults: reddit https://www.reddit.com, hackernews https://hn.algolia.com/api/v1,
	// bluesky https://public.api.bsky.app; feed, jsonld, html and mastodon require it.
	URL      string `yaml:"url"`
	Brand    string `yaml:"brand"`    // when set, every item belongs to this brand (review pages)
	Schedule string `yaml:"schedule"` // cron expression or @every; default crawl.default_schedule (filled in)
	Disabled bool   `yaml:"disabled"`
	Lang     string `yaml:"lang"`      // language hint for the sentiment engine (ISO 639 code)
	MaxPages int    `yaml:"max_pages"` // default crawl.max_pages (filled in)

	// Query is the search terms sent to search APIs (mastodon search, reddit, hackernews, bluesky).
	// Default: the bound brand's name, or every brand's name joined with OR.
	Query string `yaml:"query"`

	// html
	Selectors *Selectors `yaml:"selectors"`

	// mastodon
	Hashtag string `yaml:"hashtag"` // hashtag timeline instead of search; stored without "#"

	// reddit
	Subreddit string `yaml:"subreddit"` // listing instead of search; stored without "r/"
	Sort      string `yaml:"sort"`      // new (default, filled in) | hot | top | relevance (search only)

	// API credentials, by environment variable name (never the secret itself).
	TokenEnv      string `yaml:"token_env"`      // bearer token (mastodon search may need one)
	IdentifierEnv string `yaml:"identifier_env"` // bluesky handle; set with password_env or not at all
	PasswordEnv   string `yaml:"password_env"`   // bluesky app password

	// Token, Identifier and Password are filled from the environment at load
	// time. Identifier (a public handle) is a plain string; it is still left out of Hash.
	Token      Secret `yaml:"-"`
	Identifier string `yaml:"-"`
	Password   Secret `yaml:"-"`
}

// Selectors are CSS selectors for review pages without structured data.
// Text and rating selectors are relative to Item.
type Selectors struct {
	Item        string  `yaml:"item"`
	Text        string  `yaml:"text"`
	Title       string  `yaml:"title"`
	Author      string  `yaml:"author"`
	Rating      string  `yaml:"rating"`
	RatingAttr  string  `yaml:"rating_attr"`  // read the rating from this attribute instead of the text
	RatingScale float64 `yaml:"rating_scale"` // best rating, default 5
	Date        string  `yaml:"date"`
	DateAttr    string  `yaml:"date_attr"`   // e.g. "datetime"
	DateLayout  string  `yaml:"date_layout"` // Go layout; default tries RFC 3339 and common forms
	Link        string  `yaml:"link"`
	Next        string  `yaml:"next"`
}

// Alerts configures detection and delivery.
type Alerts struct {
	Disabled     bool     `yaml:"disabled"`
	Interval     Duration `yaml:"interval"`      // evaluation schedule under `earshot run`; default 5m
	DashboardURL string   `yaml:"dashboard_url"` // base URL linked from alerts; default web.base_url, else "http://" + web.listen
	Slack        Slack    `yaml:"slack"`
	Webhook      Webhook  `yaml:"webhook"`
	// Rules; default (when the key is absent): negative_volume and negative_share for every
	// non-competitor brand (none when every brand is a competitor), and source_health.
	// An explicit empty list means no rules.
	Rules []Rule `yaml:"rules"`
}

// Slack is the Slack notifier: a bot token (chat.postMessage, threads, updates) or an incoming webhook.
type Slack struct {
	Channel          string `yaml:"channel"`            // required when token_env or webhook_url_env is written
	TokenEnv         string `yaml:"token_env"`          // default SLACK_BOT_TOKEN
	WebhookURLEnv    string `yaml:"webhook_url_env"`    // incoming webhook, when no token
	SigningSecretEnv string `yaml:"signing_secret_env"` // for interactive actions; default SLACK_SIGNING_SECRET
	APIURL           string `yaml:"api_url"`            // for tests and Enterprise Grid

	Token         Secret `yaml:"-"`
	WebhookURL    Secret `yaml:"-"`
	SigningSecret Secret `yaml:"-"`
}

// Webhook is the generic JSON webhook notifier, signed with HMAC-SHA256.
type Webhook struct {
	URLEnv    string `yaml:"url_env"`
	SecretEnv string `yaml:"secret_env"`

	URL    Secret `yaml:"-"`
	Secret Secret `yaml:"-"`
}

// Rule is one alert rule.
type Rule struct {
	Name     string   `yaml:"name"`     // unique; default the detector's name
	Detector string   `yaml:"detector"` // negative_volume | negative_share | source_health
	Brands   []string `yaml:"brands"`   // default: every non-competitor brand (filled in; nil for source_health)
	By       string   `yaml:"by"`       // "" | aspect | source: evaluate per brand x aspect or x source
	Window   Duration `yaml:"window"`   // default 1h
	// Sensitivity is how readily the rule fires: high (p < 0.01, most alerts), medium
	// (p < 0.001, default) or low (p < 0.0001, fewest alerts).
	Sensitivity string   `yaml:"sensitivity"`
	MinNegative int      `yaml:"min_negative"` // default 5
	MinTotal    int      `yaml:"min_total"`    // default 10
	MinLift     float64  `yaml:"min_lift"`     // default 1.5
	Cooldown    Duration `yaml:"cooldown"`     // default 60m
	// source_health
	FailingRuns int      `yaml:"failing_runs"` // default 3
	SilentFor   Duration `yaml:"silent_for"`   // default 24h; 0 disables
}

// Digest configures the weekly digest.
type Digest struct {
	Schedule string `yaml:"schedule"` // default "0 9 * * MON"
	Channel  string `yaml:"channel"`  // default alerts.slack.channel (filled in)
	OutDir   string `yaml:"out_dir"`  // where HTML reports are written; default "reports"
}

// Web configures the dashboard and API.
type Web struct {
	Listen       string `yaml:"listen"`         // default 127.0.0.1:8080
	BaseURL      string `yaml:"base_url"`       // public URL, for links in alerts
	AuthTokenEnv string `yaml:"auth_token_env"` // token for changing data; default EARSHOT_TOKEN (unset: read-only)

	AuthToken Secret `yaml:"-"`
}

// Log configures logging.
type Log struct {
	Level  string `yaml:"level"`  // debug | info (default) | warn | error
	Format string `yaml:"format"` // text (default) | json
}

// Duration is a time.Duration written in YAML as "90s", "15m", "2h", "7d" or "1w";
// negative values are rejected.
type Duration time.Duration

// D returns the value as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// Secret is a value that must never be printed or logged.
type Secret string

// String hides the value.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "<secret>"
}

// MarshalText hides the value in JSON and YAML dumps.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Reveal returns the secret itself, for the one place that sends it.
func (s Secret) Reveal() string { return string(s) }
