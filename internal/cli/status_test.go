package cli_test

import (
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/internal/web"
	"github.com/earshot/earshot/store"
)

func statusConfig(t *testing.T, db, listen string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "s.yaml")
	cfg := "store: {path: " + db + "}\nweb: {listen: \"" + listen + "\"}\nbrands: [{name: Acme}]\nsources:\n  - {name: blog, type: feed, url: \"https://example.com/feed\"}\n"
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestStatusReadsTheStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	sdb, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sdb.PutSourceState(model.SourceState{Source: "blog", LastError: "feed blog: returned an HTML page", ConsecutiveFailures: 3})
	sdb.Close()
	r := run(t, "", nil, "status", "--config", statusConfig(t, db, "127.0.0.1:1"))
	if r.code != 0 || !strings.Contains(r.stdout, "blog") || !strings.Contains(r.stdout, "returned an HTML page") {
		t.Fatalf("status = %d %q %q", r.code, r.stdout, r.stderr)
	}
}

func TestStatusAsksTheRunningServiceWhenTheStoreIsHeld(t *testing.T) {
	db := filepath.Join(t.TempDir(), "held.db")
	sdb, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	sdb.PutSourceState(model.SourceState{Source: "blog", ConsecutiveFailures: 7})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: web.New(sdb, []web.Source{{Name: "blog", Type: "feed"}}, nil, time.Now)}
	go srv.Serve(ln)
	defer srv.Close()
	cfg := statusConfig(t, db, ln.Addr().String())
	os.WriteFile(cfg, []byte(strings.Replace(mustRead(t, cfg), "store: {", "store: {open_timeout: 100ms, ", 1)), 0o600)
	r := run(t, "", nil, "status", "--config", cfg)
	if r.code != 0 || !strings.Contains(r.stdout, "blog") || !strings.Contains(r.stdout, " 7 ") {
		t.Fatalf("status while held = %d %q %q", r.code, r.stdout, r.stderr)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A long error keeps its cause (the end) as well as its place (the start),
// and a source whose last pass succeeded with warnings shows the first one.
func TestStatusShowsTheCauseAndWarnings(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	sdb, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	long := "reddit blog: GET http://127.0.0.1:19106/search.json?limit=100&q=%22acme+coffee%22&sort=new&restrict_sr=0&t=all: HTTP 500 Internal Server Error"
	sdb.PutSourceState(model.SourceState{Source: "blog", LastError: long, ConsecutiveFailures: 2})
	sdb.PutSourceState(model.SourceState{Source: "shop", Warnings: []string{"https://shop.example/p/1: JSON-LD block 1 is not valid JSON", "x"}})
	sdb.Close()
	cfg := statusConfig(t, db, "127.0.0.1:1")
	os.WriteFile(cfg, []byte(mustRead(t, cfg)+"  - {name: shop, type: jsonld, url: \"https://shop.example/p/1\"}\n"), 0o600)
	r := run(t, "", nil, "status", "--config", cfg)
	for _, want := range []string{"reddit blog: GET", "HTTP 500 Internal Server Error", "2 warnings, first: https://shop.example/p/1: JSON-LD block 1"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("status does not show %q:\n%s%s", want, r.stdout, r.stderr)
		}
	}
}

// status lists the aggregate ratings a source's pages state.
func TestStatusShowsItemRatings(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	sdb, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sdb.PutSourceState(model.SourceState{Source: "blog", Ratings: []model.ItemRating{{Item: "Executive Anvil", Rating: 3.5, Count: 1284, URL: "https://shop.example/anvil", SeenAt: time.Date(2026, 11, 23, 11, 0, 0, 0, time.UTC)}}})
	sdb.Close()
	r := run(t, "", nil, "status", "--config", statusConfig(t, db, "127.0.0.1:1"))
	if want := "blog: Executive Anvil rated 3.5/5 over 1284 reviews (https://shop.example/anvil, 1h0m0s ago)"; r.code != 0 || !strings.Contains(r.stdout, want) {
		t.Errorf("status = %d:\n%s\nwant a line %q", r.code, r.stdout, want)
	}
}
