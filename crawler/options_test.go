package crawler

import (
	"testing"
	"time"

	"github.com/earshot/earshot/internal/config"
)

func TestResolveZeroVersusNone(t *testing.T) {
	defaults := settings{
		userAgent: "earshot/9.9 (+" + projectURL + ")", respectRobots: true, delay: time.Second, parallelism: 2,
		timeout: 30 * time.Second, maxBody: 10 << 20, retries: 3, maxRedirects: 5, maxPages: 10,
	}
	loaded := func(edit func(*config.Crawl)) config.Crawl {
		c := config.Default().Crawl
		edit(&c)
		return c
	}
	no := false
	tests := []struct {
		name  string
		crawl config.Crawl
		want  func(*settings)
	}{
		{"zero Crawl (not loaded) is the defaults", config.Crawl{}, func(*settings) {}},
		{"loaded defaults", config.Default().Crawl, func(*settings) {}},
		{"retries: 0 means none", loaded(func(c *config.Crawl) { c.Retries = 0 }), func(s *settings) { s.retries = 0 }},
		{"delay: 0s means none", loaded(func(c *config.Crawl) { c.Delay = 0 }), func(s *settings) { s.delay = 0 }},
		{"max_redirects: 0 means none", loaded(func(c *config.Crawl) { c.MaxRedirects = 0 }), func(s *settings) { s.maxRedirects = 0 }},
		{"negative means none", loaded(func(c *config.Crawl) { c.Retries, c.Delay, c.MaxRedirects = -1, -1, -1 }),
			func(s *settings) { s.retries, s.delay, s.maxRedirects = 0, 0, 0 }},
		{"respect_robots: false", loaded(func(c *config.Crawl) { c.RespectRobots = &no }), func(s *settings) { s.respectRobots = false }},
		{"values as written", loaded(func(c *config.Crawl) {
			c.Contact, c.Delay, c.Parallelism, c.Timeout = "mailto:a@b.example", config.Duration(2*time.Second), 4, config.Duration(time.Minute)
			c.MaxBodyBytes, c.Retries, c.MaxRedirects, c.MaxPages = 1<<20, 7, 2, 50
		}), func(s *settings) {
			s.userAgent, s.delay, s.parallelism, s.timeout = "earshot/9.9 (+mailto:a@b.example)", 2*time.Second, 4, time.Minute
			s.maxBody, s.retries, s.maxRedirects, s.maxPages = 1<<20, 7, 2, 50
		}},
		// Only the contact set: the rest is taken as written, except the
		// fields no valid config can have at zero.
		{"partial Crawl", config.Crawl{Contact: "mailto:a@b.example"}, func(s *settings) {
			s.userAgent, s.delay, s.retries, s.maxRedirects = "earshot/9.9 (+mailto:a@b.example)", 0, 0, 0
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := defaults
			tt.want(&want)
			if got := resolve(tt.crawl, "9.9"); got != want {
				t.Errorf("resolve(%+v) =\n %+v, want\n %+v", tt.crawl, got, want)
			}
		})
	}
}

// A source's max_pages must not turn a zero Crawl into a partial one that
// loses the defaults.
func TestNewZeroCrawlWithSourceMaxPages(t *testing.T) {
	s, err := New(config.Source{Name: "f", Type: "feed", URL: "https://example.com/feed.xml", MaxPages: 3}, config.Crawl{}, Options{Version: "9.9"})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	got := s.(*feedSource).set
	if got.retries != 3 || got.delay != time.Second || got.maxRedirects != 5 || got.maxPages != 3 {
		t.Errorf("settings = %+v, want the defaults (retries 3, delay 1s, max_redirects 5) with max_pages 3", got)
	}
}
