package cli_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Exports hold every mention with author names: one kept private (chmod 600
// on the file, or umask 077) stays private after the next export.
func TestExportKeepsPrivatePermissions(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "e.db")
	in := filepath.Join(dir, "in.jsonl")
	writeJSONL(t, in, 10)
	if r := run(t, "", nil, "import", "--db", db, in); r.code != 0 {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	t.Run("existing file 0600", func(t *testing.T) {
		out := filepath.Join(dir, "private.jsonl")
		os.WriteFile(out, []byte("old\n"), 0o600)
		if r := run(t, "", nil, "export", "--db", db, "--out", out); r.code != 0 {
			t.Fatalf("export: %d %s", r.code, r.stderr)
		}
		fi, _ := os.Stat(out)
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("export over a 0600 file left it %v, want -rw------- (kept)", fi.Mode().Perm())
		}
	})
	t.Run("umask 077", func(t *testing.T) {
		old := syscall.Umask(0o077)
		defer syscall.Umask(old)
		out := filepath.Join(dir, "new.jsonl")
		if r := run(t, "", nil, "export", "--db", db, "--out", out); r.code != 0 {
			t.Fatalf("export: %d %s", r.code, r.stderr)
		}
		fi, _ := os.Stat(out)
		if fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("export under umask 077 created %v, want no group/other bits (os.Create would give -rw-------)", fi.Mode().Perm())
		}
	})
}
