package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The operator reaches the store through a symlinked directory (/srv/earshot
// -> /var/lib/earshot) while `earshot run` opened it by its real path. It is
// the same file: stats must read it through the running service's API.
func TestHeldStoreReachedThroughASymlinkIsStillTheServicesStore(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "var-lib-earshot")
	if err := os.Mkdir(real, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "srv-earshot")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	in, served := filepath.Join(dir, "m.jsonl"), filepath.Join(real, "earshot.db")
	writeJSONL(t, in, 40)
	if r := run(t, "", nil, "import", "--db", served, in); r.code != 0 {
		t.Fatal(r.stderr)
	}
	cfg := heldConfig(t, served, hold(t, served)) // `earshot run --config cfg` is up

	r := run(t, "", nil, "stats", "--config", cfg, "--db", filepath.Join(link, "earshot.db"))
	t.Logf("stats --db <symlinked dir>/earshot.db: code %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	if r.code != 0 || !strings.Contains(r.stdout, "40 mentions") {
		t.Errorf("the same store file reached through a symlinked directory was refused")
	}
}
