package cli_test

import (
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/web"
	"github.com/earshot/earshot/store"
)

// heldConfig writes a config for db whose API listens at listen, with a short
// lock timeout so a held store is noticed quickly.
func heldConfig(t *testing.T, db, listen string) string {
	t.Helper()
	cfg := statusConfig(t, db, listen)
	os.WriteFile(cfg, []byte(strings.Replace(mustRead(t, cfg), "store: {", "store: {open_timeout: 100ms, ", 1)), 0o600)
	return cfg
}

// hold opens db for writing, as `earshot run` does, and serves its API on
// loopback; it returns the API's address.
func hold(t *testing.T, db string) string {
	t.Helper()
	sdb, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: web.New(sdb, nil, nil, time.Now)}
	go srv.Serve(ln)
	t.Cleanup(func() {
		srv.Close()
		sdb.Close()
	})
	return ln.Addr().String()
}

func TestExportAndStatsWhileRunGoThroughItsAPI(t *testing.T) {
	dir := t.TempDir()
	in, db := filepath.Join(dir, "m.jsonl"), filepath.Join(dir, "held.db")
	const n = 12_500 // more than one API page (store.MaxLimit)
	writeJSONL(t, in, n)
	if r := run(t, "", nil, "import", "--db", db, in); r.code != 0 {
		t.Fatal(r.stderr)
	}
	filters := [][]string{
		{"--format", "jsonl"},
		{"--format", "csv", "--label", "negative", "--since", "2026-11-10", "--until", "2026-11-20T12:00:00Z"},
		{"--format", "jsonl", "--brand", "Acme", "--lang", "ms"},
		{"--format", "csv", "--source", "survey", "--text", "prices"},
	}
	var direct []string
	for _, f := range filters {
		r := run(t, "", nil, append([]string{"export", "--db", db}, f...)...)
		if r.code != 0 || r.stdout == "" {
			t.Fatalf("direct export %v: %d %q", f, r.code, r.stderr)
		}
		direct = append(direct, r.stdout)
	}
	statsDirect := run(t, "", nil, "stats", "--db", db)

	cfg := heldConfig(t, db, hold(t, db))
	for i, f := range filters {
		r := run(t, "", nil, append([]string{"export", "--config", cfg}, f...)...)
		if r.code != 0 {
			t.Fatalf("export %v while held: %d %q", f, r.code, r.stderr)
		}
		if r.stdout != direct[i] {
			t.Errorf("export %v through the API differs from the direct export: %d vs %d bytes", f, len(r.stdout), len(direct[i]))
		}
	}
	r := run(t, "", nil, "stats", "--config", cfg)
	if r.code != 0 || !strings.Contains(r.stdout, "12500 mentions") {
		t.Fatalf("stats while held: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if _, rest, _ := strings.Cut(r.stdout, "\n"); !strings.HasSuffix(statsDirect.stdout, rest) {
		t.Errorf("stats through the API:\n%s\nwant the direct tables:\n%s", r.stdout, statsDirect.stdout)
	}
}

func TestHeldStoreWithoutAnAPISaysWhatToDo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "held.db")
	hold(t, db)
	cfg := heldConfig(t, db, "127.0.0.1:1") // nothing listens on port 1
	for _, cmd := range []string{"export", "stats", "status"} {
		r := run(t, "", nil, cmd, "--config", cfg)
		if r.code != 1 || !strings.Contains(r.stderr, db+" is in use by another earshot process") ||
			!strings.Contains(r.stderr, "http://127.0.0.1:1 did not answer") {
			t.Errorf("%s on a held store with no API: %d %q", cmd, r.code, r.stderr)
		}
	}
}
