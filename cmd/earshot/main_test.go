package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary stand in for the earshot binary: a child started
// with EARSHOT_TEST_MAIN=1 runs the real main, so tests can kill a real process.
func TestMain(m *testing.M) {
	if os.Getenv("EARSHOT_TEST_MAIN") == "1" {
		os.Exit(run())
	}
	os.Exit(m.Run())
}

func earshot(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "EARSHOT_TEST_MAIN=1")
	return cmd
}

// writeMentions writes n JSONL mentions of about 450 bytes of text each.
func writeMentions(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	phrases := []string{
		"The parcel arrived two days late and the box was crushed, support never answered my emails.",
		"Lovely staff at the Orchard Road store, they found my size in minutes and the price was fair.",
		"Still waiting for my refund after three weeks, this is the last time I order from them.",
		"Penghantaran sangat cepat dan barang dalam keadaan baik, terima kasih!",
	}
	for i := 0; i < n; i++ {
		text := fmt.Sprintf("Order %d: %s %s %s", i, phrases[i%4], phrases[(i+1)%4], phrases[(i+2)%4])
		rec := map[string]any{"id": "kill-" + strconv.Itoa(i), "source": "survey", "brand": "Acme", "text": text,
			"published_at": start.Add(time.Duration(i) * time.Minute).Format(time.RFC3339)}
		if err := enc.Encode(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// TestImportSurvivesKill9 kills an import mid-way with SIGKILL, runs it again,
// and checks the store ends with exactly the rows of the file, once each.
func TestImportSurvivesKill9(t *testing.T) {
	n := 200_000
	if raceEnabled || testing.Short() {
		n = 30_000 // the race detector makes a 200k import take minutes; the mechanism is the same
	}
	dir := t.TempDir()
	in, db := filepath.Join(dir, "in.jsonl"), filepath.Join(dir, "earshot.db")
	writeMentions(t, in, n)

	child := earshot("import", "--db", db, in)
	var stderr bytes.Buffer
	child.Stderr = &stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	waitForGrowth(t, db, 2<<20, child)
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := child.Wait()
	if ws, ok := child.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the first import was not killed mid-way (err %v): make the file bigger. stderr: %s", err, stderr.String())
	}

	out, err := earshot("import", "--db", db, in).CombinedOutput()
	if err != nil {
		t.Fatalf("re-run import: %v\n%s", err, out)
	}
	exp, err := earshot("export", "--db", db).Output()
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	ids := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(exp))
	sc.Buffer(nil, 1<<20)
	lines := 0
	for sc.Scan() {
		var rec struct {
			ID       string          `json:"id"`
			Analysis json.RawMessage `json:"analysis"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("export line %d: %v", lines+1, err)
		}
		if len(rec.Analysis) == 0 {
			t.Fatalf("mention %s exported without its analysis", rec.ID)
		}
		ids[rec.ID] = true
		lines++
	}
	if lines != n || len(ids) != n {
		t.Fatalf("after kill and re-run: exported %d lines with %d unique ids, want %d", lines, len(ids), n)
	}
}

// waitForGrowth waits until the file at path is bigger than size, so the kill
// lands after some batches were committed but (with a big enough input) before the end.
func waitForGrowth(t *testing.T, path string, size int64, child *exec.Cmd) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if fi, err := os.Stat(path); err == nil && fi.Size() > size {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	child.Process.Kill()
	t.Fatalf("%s did not grow past %d bytes in time", path, size)
}
