package config_test

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/config"
)

const examplePath = "../../config.example.yaml"

// TestLoadExample keeps config.example.yaml valid with an empty environment
// (warnings for the unset variables are fine) and checks it shows every type.
func TestLoadExample(t *testing.T) {
	c, err := config.Load(examplePath, nil)
	if err != nil {
		t.Fatalf("Load(%s) = %v", examplePath, err)
	}
	for _, w := range c.Warnings {
		if !w.Warning {
			t.Errorf("Warnings holds an error: %v", w)
		}
	}
	var types []string
	for _, s := range c.Sources {
		types = append(types, s.Type)
	}
	want := []string{"feed", "jsonld", "html", "mastodon", "reddit", "hackernews", "bluesky"}
	if !slices.Equal(types, want) {
		t.Errorf("example source types = %v, want %v", types, want)
	}
	if n := len(c.Brands); n != 3 {
		t.Errorf("example has %d brands, want 3", n)
	}
	if n := len(c.Alerts.Rules); n != 2 {
		t.Errorf("example has %d rules, want 2", n)
	}
}

// TestExampleDocumentsEveryKey walks the schema and checks each key appears in
// the example file, so a new option cannot go undocumented.
func TestExampleDocumentsEveryKey(t *testing.T) {
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, key := range schemaKeys(reflect.TypeFor[config.Config]()) {
		if !containsKey(text, key) {
			t.Errorf("config.example.yaml does not mention key %q", key)
		}
	}
}

func schemaKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		if tag == "" || tag == "-" {
			continue
		}
		keys = append(keys, tag)
		ft := f.Type
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct && ft != reflect.TypeFor[config.Duration]() {
			keys = append(keys, schemaKeys(ft)...)
		}
	}
	return keys
}

// containsKey looks for "key:" as written in YAML, commented out or not.
func containsKey(text, key string) bool {
	for _, prefix := range []string{" ", "\n", "#", "- "} {
		if strings.Contains(text, prefix+key+":") {
			return true
		}
	}
	return false
}

const minimal = `
brands:
  - name: Acme Coffee
  - name: Bean There
    competitor: true
sources:
  - name: hn
    type: hackernews
  - name: shop
    type: html
    url: https://shop.example.com/reviews
    selectors: {item: .review, text: .body}
`

// TestDefaultsFilled checks that a file with only brands and sources gets
// every documented default, including the ones derived from other fields.
func TestDefaultsFilled(t *testing.T) {
	c, err := config.Parse("minimal.yaml", []byte(minimal), nil)
	if err != nil {
		t.Fatalf("Parse(minimal) = %v", err)
	}
	def := config.Default()
	checks := []struct {
		name      string
		got, want any
	}{
		{"store.path", c.Store.Path, "earshot.db"},
		{"store.open_timeout", c.Store.OpenTimeout.D(), time.Second},
		{"crawl.respect_robots", *c.Crawl.RespectRobots, true},
		{"crawl.delay", c.Crawl.Delay.D(), time.Second},
		{"crawl.parallelism", c.Crawl.Parallelism, 2},
		{"crawl.timeout", c.Crawl.Timeout.D(), 30 * time.Second},
		{"crawl.max_body_bytes", c.Crawl.MaxBodyBytes, int64(10 << 20)},
		{"crawl.retries", c.Crawl.Retries, 3},
		{"crawl.max_redirects", c.Crawl.MaxRedirects, 5},
		{"crawl.max_pages", c.Crawl.MaxPages, 10},
		{"crawl.jitter", c.Crawl.Jitter.D(), 30 * time.Second},
		{"crawl.default_schedule", c.Crawl.DefaultSchedule, "@every 30m"},
		{"brands[0].query", c.Brands[0].Query, `"Acme Coffee"`},
		{"sources[0].url", c.Sources[0].URL, "https://hn.algolia.com/api/v1"},
		{"sources[0].schedule", c.Sources[0].Schedule, "@every 30m"},
		{"sources[0].max_pages", c.Sources[0].MaxPages, 10},
		{"sources[1].selectors.rating_scale", c.Sources[1].Selectors.RatingScale, 5.0},
		{"alerts.interval", c.Alerts.Interval.D(), 5 * time.Minute},
		{"alerts.dashboard_url", c.Alerts.DashboardURL, "http://127.0.0.1:8080"},
		{"alerts.slack.token_env", c.Alerts.Slack.TokenEnv, "SLACK_BOT_TOKEN"},
		{"alerts.slack.signing_secret_env", c.Alerts.Slack.SigningSecretEnv, "SLACK_SIGNING_SECRET"},
		{"digest.schedule", c.Digest.Schedule, "0 9 * * MON"},
		{"digest.out_dir", c.Digest.OutDir, "reports"},
		{"web.listen", c.Web.Listen, "127.0.0.1:8080"},
		{"web.auth_token_env", c.Web.AuthTokenEnv, "EARSHOT_TOKEN"},
		{"log.level", c.Log.Level, "info"},
		{"log.format", c.Log.Format, "text"},
		{"Default().store.path", def.Store.Path, c.Store.Path},
	}
	for _, ck := range checks {
		if !reflect.DeepEqual(ck.got, ck.want) {
			t.Errorf("%s = %#v, want %#v", ck.name, ck.got, ck.want)
		}
	}
	wantRules := []struct {
		name   string
		brands []string
	}{{"negative_volume", []string{"Acme Coffee"}}, {"negative_volume_3h", []string{"Acme Coffee"}}, {"negative_share", []string{"Acme Coffee"}}, {"source_health", nil}}
	if len(c.Alerts.Rules) != len(wantRules) {
		t.Fatalf("default rules = %+v, want %d", c.Alerts.Rules, len(wantRules))
	}
	for i, w := range wantRules {
		r := c.Alerts.Rules[i]
		if r.Name != w.name || !strings.HasPrefix(w.name, r.Detector) || !slices.Equal(r.Brands, w.brands) {
			t.Errorf("rules[%d] = %s/%s %v, want %s on %v", i, r.Name, r.Detector, r.Brands, w.name, w.brands)
		}
		if wantWindow := map[bool]time.Duration{false: time.Hour, true: 3 * time.Hour}[w.name == "negative_volume_3h"]; r.Window.D() != wantWindow || r.Sensitivity != "medium" || r.MinLift != 1.5 || r.SilentFor.D() != 24*time.Hour {
			t.Errorf("rules[%d] defaults = %+v, want window 1h (3h for negative_volume_3h), medium, lift 1.5, silent 24h", i, r)
		}
	}
}

// TestWrittenZeroBeatsDefault checks that a value the user wrote, even a zero,
// is kept: silent_for: 0 disables the check rather than getting 24h.
func TestWrittenZeroBeatsDefault(t *testing.T) {
	src := minimal + `
crawl:
  respect_robots: false
  retries: 0
alerts:
  rules:
    - detector: source_health
      silent_for: 0
`
	c, err := config.Parse("zero.yaml", []byte(src), nil)
	if err != nil {
		t.Fatalf("Parse = %v", err)
	}
	if *c.Crawl.RespectRobots || c.Crawl.Retries != 0 || c.Alerts.Rules[0].SilentFor != 0 {
		t.Errorf("respect_robots=%v retries=%d silent_for=%v, want false 0 0s",
			*c.Crawl.RespectRobots, c.Crawl.Retries, c.Alerts.Rules[0].SilentFor)
	}
	if *config.Default().Crawl.RespectRobots != true {
		t.Error("decoding changed the default's respect_robots: defaults share a pointer")
	}
}

// TestAnchorsAndMerges checks YAML reuse: x- keys at the top hold anchors,
// << merges them, and keys written beside a merge win.
func TestAnchorsAndMerges(t *testing.T) {
	src := `x-feed: &feed
  type: feed
  schedule: "@hourly"
  url: https://example.com/a.xml
brands: [{name: Acme}]
sources:
  - <<: *feed
    name: a
  - <<: *feed
    name: b
    url: https://example.com/b.xml
crawl: {contact: "mailto:ops@example.com"}
`
	c, err := config.Parse("anchors.yaml", []byte(src), nil)
	if err != nil {
		t.Fatalf("Parse = %v", err)
	}
	want := []struct{ name, url string }{{"a", "https://example.com/a.xml"}, {"b", "https://example.com/b.xml"}}
	for i, w := range want {
		s := c.Sources[i]
		if s.Name != w.name || s.URL != w.url || s.Type != "feed" || s.Schedule != "@hourly" {
			t.Errorf("sources[%d] = %s %s %s %s, want %s %s feed @hourly", i, s.Name, s.URL, s.Type, s.Schedule, w.name, w.url)
		}
	}
	if got := c.Line("sources[1].url"); got != 11 {
		t.Errorf("Line(sources[1].url) = %d, want 11 (the written key, not the anchor)", got)
	}
}

// TestLine checks positions for written fields and the fallback to the
// nearest written ancestor for defaulted ones.
func TestLine(t *testing.T) {
	c, err := config.Parse("minimal.yaml", []byte(minimal), nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want int
	}{
		{"brands", 2},
		{"brands[1]", 4},
		{"brands[1].competitor", 5},
		{"brands[1].query", 4}, // defaulted: the brand's line
		{"sources[1].selectors.text", 12},
		{"sources[0].url", 7},
		{"web.listen", 0},
		{"nonsense[9].x", 0},
	}
	for _, tt := range tests {
		if got := c.Line(tt.path); got != tt.want {
			t.Errorf("Line(%q) = %d, want %d", tt.path, got, tt.want)
		}
	}
	p := c.ProblemAt("brands[1].query", "unbalanced %q", "(")
	if got, want := p.String(), `minimal.yaml:4: brands[1].query: unbalanced "("`; got != want {
		t.Errorf("ProblemAt(...).String() = %q, want %q", got, want)
	}
}

// TestBadValueKeepsDefault checks that a value decoding rejects does not
// silently replace the default (respect_robots must stay true).
func TestBadValueKeepsDefault(t *testing.T) {
	c, err := config.Parse("bad.yaml", []byte(minimal+"crawl:\n  respect_robots: maybe\n"), nil)
	if err == nil {
		t.Fatal("Parse(respect_robots: maybe) error = nil, want a problem")
	}
	if c == nil || c.Crawl.RespectRobots == nil || !*c.Crawl.RespectRobots {
		t.Errorf("after a bad respect_robots the config's value is not the default true")
	}
}

func TestSearchSourcesDefaultToBrandNames(t *testing.T) {
	yaml := `
brands: [{name: Acme}, {name: Globex Corp}]
sources:
  - {name: hn, type: hackernews}
  - {name: bsky, type: bluesky, brand: Acme}
  - {name: tag, type: mastodon, url: "https://mastodon.social", hashtag: acme}
  - {name: r, type: reddit, query: "acme shoes"}
`
	c, err := config.Parse("q.yaml", []byte(yaml), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{`"Acme" OR "Globex Corp"`, "Acme", "", "acme shoes"} {
		if got := c.Sources[i].Query; got != want {
			t.Errorf("sources[%d].query = %q, want %q", i, got, want)
		}
	}
}
