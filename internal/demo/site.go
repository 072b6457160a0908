package demo

import (
	"bytes"
	"embed"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"text/template"
	"time"
)

//go:embed site
var siteFS embed.FS

// clock renders times relative to the demo's "now" inside templates, so the
// embedded pages always look freshly published.
type clock struct {
	Now   time.Time
	Base  string // the loopback site's URL
	DB    string
	Slack string
}

func (c clock) at(offset string) time.Time {
	d, err := time.ParseDuration(offset)
	if err != nil {
		panic(fmt.Sprintf("demo template offset %q: %v", offset, err)) // embedded files are fixed: a bad one is a programming error
	}
	return c.Now.Add(d).UTC()
}

// RFC1123 formats now+offset for RSS.
func (c clock) RFC1123(offset string) string { return c.at(offset).Format(time.RFC1123Z) }

// RFC3339 formats now+offset for JSON-LD and APIs.
func (c clock) RFC3339(offset string) string { return c.at(offset).Format(time.RFC3339) }

// Unix formats now+offset as Unix seconds.
func (c clock) Unix(offset string) string { return strconv.FormatInt(c.at(offset).Unix(), 10) }

// render executes one embedded template.
func render(name string, data clock) ([]byte, error) {
	raw, err := siteFS.ReadFile("site/" + name)
	if err != nil {
		return nil, err
	}
	t, err := template.New(name).Option("missingkey=error").Parse(string(raw))
	if err != nil {
		return nil, fmt.Errorf("demo file %s: %w", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("demo file %s: %w", name, err)
	}
	return b.Bytes(), nil
}

// route maps the site's paths to embedded files and their content types.
func route(path string) (file, contentType string, ok bool) {
	switch path {
	case "/robots.txt":
		return "robots.txt", "text/plain; charset=utf-8", true
	case "/reviews/northwind-trail-jacket":
		return "reviews.html", "text/html; charset=utf-8", true
	case "/news/comments.rss":
		return "news.rss", "application/rss+xml; charset=utf-8", true
	case "/hn/api/v1/search_by_date":
		return "hn_search.json", "application/json; charset=utf-8", true
	}
	return "", "", false
}

// startSite serves the embedded review site, feed and API on loopback.
func startSite(now time.Time) *httptest.Server {
	srv := httptest.NewUnstartedServer(nil)
	data := clock{Now: now}
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		file, contentType, ok := route(r.URL.Path)
		if !ok {
			http.NotFound(w, r)
			return
		}
		data.Base = "http://" + r.Host
		body, err := render(file, data)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", contentType)
		w.Write(body)
	})
	srv.Start()
	return srv
}
