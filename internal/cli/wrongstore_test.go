package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/earshot/earshot/store"
)

// The service of --config serves its own store (store.path). When --db names
// another file, held by some other earshot process (an import, a crawl, a
// second run), stats and export must not answer with the service's store
// under --db's name.
func TestHeldOtherStoreIsNotAnsweredFromTheServicesStore(t *testing.T) {
	dir := t.TempDir()
	in, served, other := filepath.Join(dir, "m.jsonl"), filepath.Join(dir, "served.db"), filepath.Join(dir, "other.db")
	writeJSONL(t, in, 40)
	if r := run(t, "", nil, "import", "--db", served, in); r.code != 0 {
		t.Fatal(r.stderr)
	}
	cfg := heldConfig(t, served, hold(t, served)) // `earshot run --config cfg` is up

	odb, err := store.Open(other, store.Options{}) // another process holds other.db (empty)
	if err != nil {
		t.Fatal(err)
	}
	defer odb.Close()

	r := run(t, "", nil, "stats", "--config", cfg, "--db", other)
	t.Logf("stats --db other.db: code %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	if r.code == 0 && strings.Contains(r.stdout, "other.db: 40 mentions") {
		t.Errorf("stats reported the service's store (served.db, 40 mentions) as other.db (empty)")
	}
	out := filepath.Join(dir, "out.jsonl")
	r = run(t, "", nil, "export", "--config", cfg, "--db", other, "--out", out)
	b, _ := os.ReadFile(out)
	if n := strings.Count(string(b), "\n"); r.code == 0 && n > 0 {
		t.Errorf("export --db other.db (empty) wrote %d mentions of served.db; stderr %q", n, r.stderr)
	}
}
