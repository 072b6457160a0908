package cli_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/cli"
	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/internal/web"
	"github.com/earshot/earshot/store"
)

// The "Open in earshot" button of every alert must lead somewhere that
// `earshot run` serves.
func TestAlertDashboardLinkIsServed(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	now := time.Date(2026, 11, 23, 10, 30, 0, 0, time.UTC)
	var out, errb bytes.Buffer
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
		Now: func() time.Time { return now }, IsTerminal: func(io.Writer) bool { return false }}
	if code := cli.Main(context.Background(), []string{"demo", "--db", db}, env); code != 0 {
		t.Fatalf("demo exit %d: %s", code, errb.String())
	}
	sdb, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	als, err := sdb.AlertsBetween(now.Add(-48*time.Hour), now.Add(48*time.Hour))
	if err != nil || len(als) == 0 {
		t.Fatalf("no alerts: %v", err)
	}
	h := web.New(sdb, nil, slog.New(slog.DiscardHandler), func() time.Time { return now })
	for _, a := range als {
		u, err := url.Parse(a.DashboardURL)
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, u.RequestURI(), nil))
		if rec.Code != http.StatusOK {
			t.Errorf("alert %s links to %s: the service answers %d %s", a.Rule, a.DashboardURL, rec.Code, strings.TrimSpace(rec.Body.String()))
		}
	}
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Crawling a source that is configured but disabled must say so.
func TestCrawlDisabledSource(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "c.yaml", `store:
  path: `+filepath.Join(dir, "e.db")+`
crawl:
  contact: mailto:ops@example.com
brands:
  - name: Acme
sources:
  - name: blog
    type: feed
    url: http://127.0.0.1:1/feed.xml
    disabled: true
`)
	r := run(t, "", nil, "crawl", "--config", cfg, "--source", "blog")
	if r.code != 1 || !strings.Contains(r.stderr, "disabled") || strings.Contains(r.stderr, "no such source") {
		t.Errorf("crawl of a disabled source = %d:\n%s", r.code, r.stderr)
	}
}

// A web.listen port already in use is something the user can fix: exit 1, as README promises.
func TestRunPortInUseExitCode(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dir := t.TempDir()
	cfg := writeFile(t, dir, "c.yaml", `store:
  path: `+filepath.Join(dir, "e.db")+`
crawl:
  contact: mailto:ops@example.com
web:
  listen: `+ln.Addr().String()+`
brands:
  - name: Acme
sources: []
`)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	e := cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
		Now: time.Now, IsTerminal: func(io.Writer) bool { return false }}
	code := cli.Main(ctx, []string{"run", "--config", cfg}, e)
	if code != 1 {
		t.Errorf("run with web.listen in use: exit %d, want 1 (user error); stderr:\n%s", code, errb.String())
	}
}

// Running the demo twice on a kept store (--db) must not store the same review twice.
func TestDemoRerunDuplicates(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	now := time.Date(2026, 11, 23, 10, 30, 0, 0, time.UTC)
	for i := 0; i < 2; i++ {
		var out, errb bytes.Buffer
		env := cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
			Now: func() time.Time { return now }, IsTerminal: func(io.Writer) bool { return false }}
		if code := cli.Main(context.Background(), []string{"demo", "--db", db}, env); code != 0 {
			t.Fatalf("demo exit %d: %s", code, errb.String())
		}
		if i == 1 {
			t.Logf("second run:\n%s", out.String())
		}
	}
	sdb, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	texts := map[string]int{}
	if err := sdb.EachMention(store.Query{Source: "shoptalk-reviews"}, func(m *model.Mention) error {
		texts[m.Text]++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for text, n := range texts {
		if n > 1 {
			t.Errorf("review stored %d times after two demo runs: %q", n, text)
		}
	}
}
