package config_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/earshot/earshot/internal/config"
)

// envMap is the test stand-in for os.Getenv.
func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// TestBrokenConfigs loads each broken file in testdata/bad and compares every
// line Load reports (errors and warnings, in order) with the expected output.
func TestBrokenConfigs(t *testing.T) {
	tests := []struct {
		file string
		env  map[string]string
		want []string // without the "testdata/bad/FILE" prefix
	}{
		{file: "misspelt_key.yaml", want: []string{
			`:4: crawl.paralelism: unknown key "paralelism" (did you mean "parallelism"?)`,
			`:7: brands[0].qeury: unknown key "qeury" (did you mean "query"?)`,
			`:12: sources[0].scheudle: unknown key "scheudle" (did you mean "schedule"?)`,
			`:15: alerts.rulez: unknown key "rulez" (did you mean "rules"?)`,
		}},
		{file: "bad_cron.yaml", want: []string{
			`:9: sources[0].schedule: invalid schedule "*/15 * * *": expected exactly 5 fields, found 4: [*/15 * * *]; use 5 cron fields like "*/15 * * * *", a descriptor like @hourly, or "@every 30m"`,
			`:13: sources[1].schedule: invalid schedule "@every 0s": @every needs at least 1s`,
			`:17: sources[2].schedule: invalid schedule "@every 1d": failed to parse duration @every 1d: time: unknown unit "d" in duration "1d"; use 5 cron fields like "*/15 * * * *", a descriptor like @hourly, or "@every 30m"`,
			`:20: warning: digest: the weekly digest is not built yet: this section is checked, but no digest is built or sent`,
			`:21: digest.schedule: invalid schedule "0 25 * * MON": end of range (25) above maximum (23): 25; use 5 cron fields like "*/15 * * * *", a descriptor like @hourly, or "@every 30m"`,
		}},
		{file: "duplicate_sources.yaml", want: []string{
			`:5: brands[1].name: brand "acme" is already defined at brands[0] (line 4): brand names must be unique`,
			`:12: sources[2].name: source "reviews" is already defined at sources[0] (line 7) as "reviews": source names must be unique, ignoring case`,
			`:15: sources[3].name: source "HN" is already defined at sources[1] (line 10) as "hn": source names must be unique, ignoring case`,
		}},
		{file: "unknown_brand.yaml", env: map[string]string{"HOOK_URL": "https://hooks.example.com/in/1"}, want: []string{
			`:11: sources[0].brand: brand "Acme Cofee" is not defined under brands (did you mean "Acme Coffee"?)`,
			`:18: alerts.rules[0].brands[1]: brand "Globex" is not defined under brands`,
		}},
		{file: "wrong_type.yaml", want: []string{
			`:3: crawl.parallelism: expected a whole number, got "fast"`,
			`:4: crawl.respect_robots: expected true or false, got "maybe"`,
			`:5: crawl.max_pages: expected a whole number, got a list`,
			`:9: sources: expected a list (lines starting with -), got a mapping`,
		}},
		{file: "negative_duration.yaml", want: []string{
			`:3: crawl.timeout: duration "-30s" is negative: durations must be zero or more`,
			`:11: alerts.interval: must be at least 1s, like 5m`,
			`:13: warning: alerts.slack.channel: Slack alerts cannot be sent: $SLACK_BOT_TOKEN is not set`,
			`:16: alerts.rules[0].window: duration "-1h" is negative: durations must be zero or more`,
			`:17: alerts.rules[0].cooldown: invalid duration "10 minutes": unknown unit " minutes" (write one like 90s, 15m, 2h, 7d or 1w)`,
		}},
		{file: "secret_in_file.yaml", want: []string{
			`:6: sources[0]: identifier_env and password_env go together (a handle and an app password): set both or neither`,
			`:9: sources[0].password: secrets are not read from the file: remove "password", put the value in an environment variable and name that variable with password_env`,
			`:12: warning: alerts.slack.channel: Slack alerts cannot be sent: $SLACK_BOT_TOKEN is not set`,
			`:13: alerts.slack.token: secrets are not read from the file: remove "token", put the value in an environment variable and name that variable with token_env`,
			`:15: alerts.webhook.url: secrets are not read from the file: remove "url", put the value in an environment variable and name that variable with url_env`,
		}},
		{file: "many_problems.yaml", want: []string{
			`:3: store.path: is required: the bbolt file earshot keeps its data in, like earshot.db`,
			`:5: crawl.contact: "ftp://example.com" is not an http(s) URL: write it in full, like https://example.com/bot or mailto:ops@example.com`,
			`:7: brands[0].name: is required: the brand's name as people write it`,
			`:10: sources[0].type: unknown source type "htm" (did you mean "html"?); use feed, jsonld, html, mastodon, reddit, hackernews or bluesky`,
			`:14: sources[1].url: "shop.example.com/reviews" is not an http(s) URL: write it in full, like https://example.com/reviews`,
			`:15: sources[1].selectors.text: is required: the CSS selector of a review's text inside item, like .review-body`,
			`:20: sources[2].selectors: does not apply to feed sources (only to html): remove it or change type`,
			`:22: sources[3].url: is required for mastodon sources, like https://mastodon.social`,
			`:22: warning: sources[3]: Mastodon instances usually search posts only for signed-in users: set token_env, or follow a hashtag instead`,
			`:27: sources[4].sort: relevance orders search results, not a subreddit listing: use new, hot or top, or search with query instead of subreddit`,
			`:28: warning: alerts: alerts will be detected and stored but sent nowhere: set alerts.slack.channel or alerts.webhook.url_env`,
			`:29: alerts.slack.channel: is required when Slack is set up (token_env or webhook_url_env): the channel alerts go to, like #brand-alerts`,
			`:30: alerts.slack.token_env: must be the name of an environment variable (letters, digits and _, like SLACK_BOT_TOKEN), not its value: put the value in the environment`,
			`:32: alerts.rules[0].detector: unknown detector "negative_volum" (did you mean "negative_volume"?); use negative_volume, negative_share or source_health`,
			`:34: alerts.rules[1].by: does not apply to source_health rules (they watch sources, not brands): remove it`,
			`:35: alerts.rules[1].failing_runs: must be at least 1, got 0`,
			`:37: alerts.rules[2].by: unknown by "brand"; use aspect or source`,
			`:38: alerts.rules[2].sensitivity: unknown sensitivity "extreme"; use low, medium or high`,
			`:39: alerts.rules[2].min_lift: must be a number above 0, like 1.5 (50% more negative mentions than usual)`,
			`:41: web.listen: "localhost" is not host:port: write it like 127.0.0.1:8080 or :8080`,
			`:43: log.level: unknown log level "verbose"; use debug, info, warn or error`,
			`:44: log.format: unknown log format "JSON" (did you mean "json"?); use text or json`,
		}},
		{file: "syntax.yaml", want: []string{
			`:7: YAML syntax: did not find expected alphabetic or numeric character (a value starting with *, @, & or ! must be quoted, like schedule: "*/15 * * * *")`,
		}},
		{file: "duplicate_key.yaml", want: []string{
			`:9: sources[0].url: "url" is already set on line 8: remove one of them`,
		}},
		{file: "two_documents.yaml", want: []string{
			`:11: only one YAML document is allowed per file: remove the --- separator and what follows, or merge it into the first`,
		}},
		{file: "source_types.yaml", want: []string{
			`:10: sources[0].hashtag: "acme coffee" is not a hashtag: letters, digits and _ only, like #acme`,
			`:11: sources[0].sort: does not apply to mastodon sources (only to reddit): remove it or change type`,
			`:15: sources[1].hashtag: hashtag and query are alternatives (a hashtag timeline or a search): keep one`,
			`:17: warning: sources[1].token_env: $MASTODON_TOKEN is not set: both will run without a token`,
			`:20: sources[2].subreddit: "a" is not a subreddit name: 2 to 21 letters, digits or _, like acme`,
			`:21: sources[2].hashtag: does not apply to reddit sources (only to mastodon): remove it or change type`,
			`:22: sources[2].lang: "english" is not a language code: use ISO 639 codes like en, ms or hy`,
			`:25: sources[3].url: "http://" is not an http(s) URL: write it in full, like https://hn.algolia.com/api/v1`,
			`:26: sources[3].selectors: does not apply to hackernews sources (only to html): remove it or change type`,
			`:34: sources[4].selectors.rating_scale: must be above 0: the best possible rating, like 5`,
			`:37: sentiment.terms.english: "english" is not a language code: use ISO 639 codes like en, ms or hy`,
			`:38: sentiment.terms.english.awful: valence must be between -4 and 4, got -9`,
			`:40: sentiment.aspects.price: needs at least one keyword`,
			`:44: web.listen: "127.0.0.1:http" is not host:port: write it like 127.0.0.1:8080 or :8080`,
			`:45: web.base_url: "earshot.example.com" is not an http(s) URL: write it in full, like https://earshot.example.com`,
		}},
		{file: "alias_loop.yaml", want: []string{
			`:6: brands[1]: expected a mapping (indented key: value lines), got a list`,
			`:12: sources[0]: merges nested too deeply (a << that merges itself?)`,
		}},
		{file: "empty.yaml", want: []string{
			`: brands: at least one brand is required: add a brands: list with a name for each brand`,
			`: warning: crawl.contact: is empty: put a URL or mailto: address here so site owners can reach you (it goes in the User-Agent)`,
			`: warning: sources: no sources are configured: earshot will not find any mentions`,
			`: warning: alerts: alerts will be detected and stored but sent nowhere: set alerts.slack.channel or alerts.webhook.url_env`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "bad", tt.file)
			c, err := config.Load(path, envMap(tt.env))
			var ps config.Problems
			if !errors.Is(err, config.ErrInvalid) || !errors.As(err, &ps) {
				t.Fatalf("Load(%s) error = %v, want Problems matching ErrInvalid", path, err)
			}
			if len(ps.Warnings()) > 0 {
				t.Errorf("Load(%s) error repeats warnings: %v", path, ps.Warnings())
			}
			if c != nil {
				ps = append(ps, c.Warnings...).Sorted()
			}
			want := make([]string, len(tt.want))
			for i, w := range tt.want {
				want[i] = path + w
			}
			if got := strings.Split(ps.Error(), "\n"); !equalLines(got, want) {
				t.Errorf("Load(%s) problems:\n%s\nwant:\n%s", path, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func equalLines(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestSecretValueNotEchoed checks that rejecting a secret written in the file
// does not repeat it in the message, which may end up in CI logs.
func TestSecretValueNotEchoed(t *testing.T) {
	_, err := config.Load(filepath.Join("testdata", "bad", "secret_in_file.yaml"), nil)
	if err == nil {
		t.Fatal("Load(secret_in_file.yaml) error = nil, want problems")
	}
	for _, secret := range []string{"hunter2-app-password", "xoxb-1234-abcd-secret", "hooks.example.com/T000"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("Load(secret_in_file.yaml) error contains %q:\n%v", secret, err)
		}
	}
}

// TestProblemsAs checks the error's type: callers get every problem with its
// fields, and Warnings/Errors split them.
func TestProblemsAs(t *testing.T) {
	c, err := config.Load(filepath.Join("testdata", "bad", "negative_duration.yaml"), nil)
	var ps config.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Load error %T is not config.Problems", err)
	}
	if got, want := len(ps.Errors()), 4; got != want || len(ps) != want {
		t.Errorf("len(Errors()) = %d of %d, want %d of %d", got, len(ps), want, want)
	}
	w := c.Warnings
	if len(w) != 1 || w[0].Path != "alerts.slack.channel" || w[0].Line != 13 || !w[0].Warning {
		t.Errorf("Warnings() = %+v, want one at alerts.slack.channel line 13", w)
	}
	if errors.Is(ps.Warnings(), config.ErrInvalid) {
		t.Error("errors.Is(warnings only, ErrInvalid) = true, want false")
	}
}

// TestAliasBudget checks that aliases cannot make a small file expand without
// bound: the walk stops at its budget, says so, and caps the report.
func TestAliasBudget(t *testing.T) {
	var b strings.Builder
	b.WriteString("brands:\n  - &b {name: x, examples: {match: [a, b, c, d, e, f, g, h, i, j]}}\n")
	for range 20000 {
		b.WriteString("  - *b\n")
	}
	_, err := config.Parse("aliases.yaml", []byte(b.String()), nil)
	if !errors.Is(err, config.ErrInvalid) {
		t.Fatalf("Parse(alias list) error = %v, want ErrInvalid", err)
	}
	lines := strings.Split(err.Error(), "\n")
	if !strings.Contains(err.Error(), "the file expands to more than 100000 values (aliases?): simplify it") {
		t.Errorf("Parse(alias list) does not report the node budget; first lines: %v", lines[:5])
	}
	if len(lines) != 101 || !strings.HasSuffix(lines[100], "more problems not shown: fix the ones above first") {
		t.Errorf("Parse(alias list) reported %d lines ending %q, want 100 problems and a summary", len(lines), lines[len(lines)-1])
	}
}
