package config

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Default returns the configuration earshot uses for everything a file leaves
// out. Brands and sources have no defaults: a config must name them.
func Default() Config {
	respectRobots := true
	return Config{
		Store: Store{Path: "earshot.db", OpenTimeout: Duration(time.Second)},
		Crawl: Crawl{
			RespectRobots:   &respectRobots,
			Delay:           Duration(time.Second),
			Parallelism:     2,
			Timeout:         Duration(30 * time.Second),
			MaxBodyBytes:    10 << 20,
			Retries:         3,
			MaxRedirects:    5,
			MaxPages:        10,
			Jitter:          Duration(30 * time.Second),
			DefaultSchedule: "@every 30m",
		},
		Alerts: Alerts{
			Interval: Duration(5 * time.Minute),
			Slack:    Slack{TokenEnv: "SLACK_BOT_TOKEN", SigningSecretEnv: "SLACK_SIGNING_SECRET"},
		},
		Digest: Digest{Schedule: "0 9 * * MON", OutDir: "reports"},
		Web:    Web{Listen: "127.0.0.1:8080", AuthTokenEnv: "EARSHOT_TOKEN"},
		Log:    Log{Level: "info", Format: "text"},
	}
}

// setDefaults fills a rule's defaults before the file's keys are decoded over it.
func (r *Rule) setDefaults() {
	r.Window = Duration(time.Hour)
	r.Sensitivity = "medium"
	r.MinNegative = 5
	r.MinTotal = 10
	r.MinLift = 1.5
	r.Cooldown = Duration(time.Hour)
	r.FailingRuns = 3
	r.SilentFor = Duration(24 * time.Hour)
}

// setDefaults fills the selectors' defaults before the file's keys are decoded over them.
func (s *Selectors) setDefaults() { s.RatingScale = 5 }

// fillDerived sets the defaults that depend on other fields (a source's
// schedule on crawl.default_schedule, a digest's channel on Slack's, ...). It
// runs after decoding and uses c.lines to tell "left out" from "written".
func (c *Config) fillDerived() {
	for i := range c.Brands {
		b := &c.Brands[i]
		if b.Query == "" && b.Name != "" {
			// A phrase cannot hold a double quote, so drop any from the name.
			b.Query = `"` + strings.ReplaceAll(b.Name, `"`, " ") + `"`
		}
	}
	for i := range c.Sources {
		c.fillSource(&c.Sources[i])
	}
	c.fillRules()
	if c.Digest.Channel == "" {
		c.Digest.Channel = c.Alerts.Slack.Channel
	}
	if c.Alerts.DashboardURL == "" {
		c.Alerts.DashboardURL = c.Web.BaseURL
	}
	if c.Alerts.DashboardURL == "" {
		c.Alerts.DashboardURL = "http://" + c.Web.Listen
	}
}

func (c *Config) fillSource(s *Source) {
	if s.Schedule == "" {
		s.Schedule = c.Crawl.DefaultSchedule
	}
	if s.MaxPages == 0 {
		s.MaxPages = c.Crawl.MaxPages
	}
	t, ok := sourceTypes[s.Type]
	if !ok {
		return
	}
	if s.URL == "" {
		s.URL = t.defaultURL
	}
	if s.Type == "reddit" && s.Sort == "" {
		s.Sort = "new"
	}
	// People write "#acme" and "r/acme"; the APIs want the bare name.
	s.Hashtag = strings.TrimPrefix(s.Hashtag, "#")
	s.Subreddit = strings.TrimPrefix(s.Subreddit, "r/")
	// A search left without terms searches for its brand, or for every brand
	// (the pipeline's brand queries then decide what each result is about).
	if s.Query == "" && s.searches() {
		s.Query = c.searchTerms(s.Brand)
	}
}

// fillRules adds the default rules when the file has no alerts.rules key (an
// explicit empty list means "no rules"), names unnamed rules after their
// detector, and points brand rules without brands at every non-competitor brand.
func (c *Config) fillRules() {
	own := c.ownBrands()
	if !c.set("alerts.rules") {
		// The same rules as alerts.DefaultRules (see there for why two
		// volume windows).
		defaults := []struct {
			name, detector string
			window         time.Duration
		}{
			{"negative_volume", "negative_volume", time.Hour},
			{"negative_volume_3h", "negative_volume", 3 * time.Hour},
			{"negative_share", "negative_share", time.Hour},
			{"source_health", "source_health", time.Hour},
		}
		if len(own) == 0 {
			defaults = defaults[3:] // no brand of our own to watch
		}
		for _, d := range defaults {
			var r Rule
			r.setDefaults()
			r.Name, r.Detector, r.Window = d.name, d.detector, Duration(d.window)
			c.Alerts.Rules = append(c.Alerts.Rules, r)
		}
	}
	for i := range c.Alerts.Rules {
		r := &c.Alerts.Rules[i]
		if r.Name == "" {
			r.Name = r.Detector
		}
		if r.Detector != "source_health" && len(r.Brands) == 0 {
			r.Brands = slices.Clone(own)
		}
	}
}

// ownBrands names the brands that are not competitors, in config order.
func (c *Config) ownBrands() []string {
	var out []string
	for _, b := range c.Brands {
		if !b.Competitor && b.Name != "" {
			out = append(out, b.Name)
		}
	}
	return out
}

// set reports whether the file wrote the field at path.
func (c *Config) set(path string) bool {
	_, ok := c.lines[path]
	return ok
}

// searchTerms is the default query of a search source: the bound brand's name,
// or every brand's name joined with OR.
func (c *Config) searchTerms(brand string) string {
	if brand != "" {
		return brand
	}
	var names []string
	for _, b := range c.Brands {
		if b.Name != "" {
			names = append(names, strconv.Quote(b.Name))
		}
	}
	if len(names) == 1 {
		return strings.Trim(names[0], `"`)
	}
	return strings.Join(names, " OR ")
}
