package cli_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const crawlFeed = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>%[1]s</link>
<item><guid>a</guid><link>%[1]s/a</link><title>Acme late</title><pubDate>%[2]s</pubDate><description>&lt;p&gt;Acme &lt;b&gt;lost&lt;/b&gt; my parcel&lt;/p&gt;</description></item>
<item><guid>b</guid><link>%[1]s/b</link><title>Globex</title><pubDate>%[2]s</pubDate><description>Globex was great</description></item>
<item><guid>c</guid><link>%[1]s/c</link><title>none</title><pubDate>%[2]s</pubDate><description>nothing here</description></item>
</channel></rss>`

func crawlSite(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /private\n")
		case "/feed":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, crawlFeed, "http://"+r.Host, time.Now().UTC().Add(-time.Hour).Format(time.RFC1123Z))
		case "/page":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<!doctype html><html><head><title>Shop</title></head><body>Welcome</body></html>")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func crawlConfig(t *testing.T, site string) (cfg, db string) {
	dir := t.TempDir()
	db = filepath.Join(dir, "c.db")
	cfg = filepath.Join(dir, "c.yaml")
	body := fmt.Sprintf(`store: {path: %s}
crawl: {delay: 1ms}
brands: [{name: Acme}, {name: Globex}]
sources:
  - {name: comments, type: feed, url: "%[2]s/feed"}
  - {name: wrong, type: feed, url: "%[2]s/page"}
  - {name: secret, type: feed, url: "%[2]s/private/feed"}
`, db, site)
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg, db
}

func TestCrawlOneSourcePrintsASummary(t *testing.T) {
	site := crawlSite(t)
	cfg, _ := crawlConfig(t, site.URL)
	r := run(t, "", nil, "crawl", "--config", cfg, "--source", "comments")
	if r.code != 0 {
		t.Fatalf("crawl: %d %s", r.code, r.stderr)
	}
	for _, want := range []string{"fetched 3, new 2, duplicate 0, merged 0, unmatched 1", "matched Acme", "matched Globex"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.stdout)
		}
	}
	out := run(t, "", nil, "export", "--config", cfg).stdout
	if strings.Contains(out, "<b>") || !strings.Contains(out, "Acme lost my parcel") {
		t.Errorf("stored text must be plain: %s", out)
	}
	again := run(t, "", nil, "crawl", "--config", cfg, "--source", "comments")
	if !strings.Contains(again.stdout, "new 0") {
		t.Errorf("second crawl stored again: %s", again.stdout)
	}
}

func TestCrawlFailuresAreClear(t *testing.T) {
	site := crawlSite(t)
	cfg, _ := crawlConfig(t, site.URL)
	cases := map[string]string{
		"wrong":  "returned an HTML page, not a feed",
		"secret": "robots.txt",
		"nosuch": "no such source",
	}
	for name, want := range cases {
		r := run(t, "", nil, "crawl", "--config", cfg, "--source", name)
		if r.code != 1 || !strings.Contains(r.stderr, want) {
			t.Errorf("crawl %s = %d, stderr %q; want exit 1 saying %q", name, r.code, r.stderr, want)
		}
	}
}
