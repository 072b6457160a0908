package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/cli"
)

type result struct {
	code           int
	stdout, stderr string
}

// run runs one earshot command in-process.
func run(t *testing.T, stdin string, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	e := cli.Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv:     func(k string) string { return env[k] },
		Now:        func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) },
		IsTerminal: func(io.Writer) bool { return false },
	}
	code := cli.Main(context.Background(), args, e)
	return result{code, out.String(), errb.String()}
}

func TestHelpAndUnknownCommand(t *testing.T) {
	if r := run(t, "", nil, "--help"); r.code != 0 || !strings.Contains(r.stdout, "import") {
		t.Errorf("--help = %d %q", r.code, r.stdout)
	}
	r := run(t, "", nil, "imprt")
	if r.code != 1 || !strings.Contains(r.stderr, `did you mean "import"`) {
		t.Errorf("unknown command: code %d stderr %q", r.code, r.stderr)
	}
	if r := run(t, "", nil, "export", "--bogus"); r.code != 1 {
		t.Errorf("bad flag exit = %d, want 1", r.code)
	}
	if r := run(t, "", nil, "import", "--help"); r.code != 0 || !strings.Contains(r.stderr, "-skip-bad") {
		t.Errorf("import --help = %d, stderr %q", r.code, r.stderr)
	}
}

func TestCheckExampleConfig(t *testing.T) {
	r := run(t, "", nil, "check", "--config", "../../config.example.yaml")
	if r.code != 0 {
		t.Fatalf("check config.example.yaml = %d\nstderr: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "ok") {
		t.Errorf("stdout = %q, want an ok line", r.stdout)
	}
}

func TestCheckMisspeltKeyNamesFileAndLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.yaml")
	cfg := "brands:\n  - name: Acme\nsources:\n  - name: blog\n    type: feed\n    url: https://example.com/feed\n    schedulle: \"@every 1h\"\n"
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	r := run(t, "", nil, "check", "--config", path)
	if r.code != 1 {
		t.Fatalf("exit = %d, want 1", r.code)
	}
	want := path + ":7: sources[0]"
	if !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "schedule") {
		t.Errorf("stderr = %q, want a line starting %q suggesting schedule", r.stderr, want)
	}
}

func TestCheckRunsBrandExamples(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ex.yaml")
	cfg := "brands:\n  - name: Acme\n    query: 'acme NOT anvil'\n    examples:\n      match: [\"I love Acme\", \"acme anvil broke\"]\n      no_match: [\"Acmeville is nice\"]\nsources:\n  - name: blog\n    type: feed\n    url: https://example.com/feed\n"
	os.WriteFile(path, []byte(cfg), 0o600)
	r := run(t, "", nil, "check", "--config", path)
	if r.code != 1 || !strings.Contains(r.stderr, path+":5: brands[0].examples.match[1]") {
		t.Fatalf("exit %d, stderr %q: want the failing example named with its line", r.code, r.stderr)
	}
	if strings.Contains(r.stderr, "no_match") || strings.Contains(r.stderr, "match[0]") {
		t.Errorf("passing examples reported: %q", r.stderr)
	}
}

func writeJSONL(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	texts := []string{"Terrible service, my order is two weeks late.", "Great prices and friendly staff!", "Barang sampai rosak, sangat kecewa.", "Okay I guess."}
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, `{"id":"m%d","source":"survey","brand":"Acme","text":%q,"published_at":"2026-11-%02dT10:00:00Z"}`+"\n", i, texts[i%4], 1+i%28)
	}
	w.Flush()
	f.Close()
}

func TestImportTwiceExportsEachMentionOnceWithAnalysis(t *testing.T) {
	dir := t.TempDir()
	in, db := filepath.Join(dir, "m.jsonl"), filepath.Join(dir, "e.db")
	const n = 20_000
	writeJSONL(t, in, n)
	first := run(t, "", nil, "import", "--db", db, in)
	if first.code != 0 || !strings.Contains(first.stdout, fmt.Sprintf("%d new", n)) {
		t.Fatalf("first import: %d %q %q", first.code, first.stdout, first.stderr)
	}
	second := run(t, "", nil, "import", "--db", db, in)
	if second.code != 0 || !strings.Contains(second.stdout, "0 new") || !strings.Contains(second.stdout, fmt.Sprintf("%d already stored", n)) {
		t.Fatalf("second import: %d %q", second.code, second.stdout)
	}
	exp := run(t, "", nil, "export", "--db", db)
	if exp.code != 0 {
		t.Fatalf("export: %d %s", exp.code, exp.stderr)
	}
	lines := strings.Split(strings.TrimSpace(exp.stdout), "\n")
	if len(lines) != n {
		t.Fatalf("exported %d lines, want %d", len(lines), n)
	}
	seen := map[string]bool{}
	for _, l := range lines {
		var rec struct {
			ID       string
			Analysis *struct{ Label string }
		}
		if err := json.Unmarshal([]byte(l), &rec); err != nil || rec.Analysis == nil || rec.Analysis.Label == "" {
			t.Fatalf("export line without analysis: %s", l)
		}
		seen[rec.ID] = true
	}
	if len(seen) != n {
		t.Errorf("unique ids = %d, want %d", len(seen), n)
	}
	neg := run(t, "", nil, "export", "--db", db, "--label", "negative", "--format", "csv")
	if c := strings.Count(neg.stdout, "\n") - 1; c < n/4 || c >= n {
		t.Errorf("negative export has %d rows, want at least the %d complaint rows and fewer than all", c, n/4)
	}
}

func TestImportBadRows(t *testing.T) {
	dir := t.TempDir()
	in, db := filepath.Join(dir, "bad.jsonl"), filepath.Join(dir, "b.db")
	data := `{"id":"a","text":"fine","published_at":"2026-11-01"}
{"id":"b","text":"no date"}
{"id":"a","text":"duplicate id","published_at":"2026-11-01"}
{"id":"c","text":"fine too","published_at":"2026-11-02"}
`
	os.WriteFile(in, []byte(data), 0o600)
	r := run(t, "", nil, "import", "--db", db, in)
	if r.code != 1 || !strings.Contains(r.stderr, in+":2: missing published_at") || !strings.Contains(r.stderr, "-skip-bad") {
		t.Fatalf("without --skip-bad: %d %q", r.code, r.stderr)
	}
	r = run(t, "", nil, "import", "--db", db, "--skip-bad", in)
	if r.code != 0 || !strings.Contains(r.stdout, "1 new") || !strings.Contains(r.stdout, "1 duplicate ids in the file") || !strings.Contains(r.stdout, "1 bad") {
		t.Fatalf("with --skip-bad: %d %q %q", r.code, r.stdout, r.stderr)
	}
}

func TestLockedStoreIsAUserError(t *testing.T) {
	dir := t.TempDir()
	in, db := filepath.Join(dir, "m.jsonl"), filepath.Join(dir, "l.db")
	writeJSONL(t, in, 10)
	if r := run(t, "", nil, "import", "--db", db, in); r.code != 0 {
		t.Fatal(r.stderr)
	}
	unwritable := filepath.Join(dir, "no", "such", "dir", "x.db")
	r := run(t, "", nil, "import", "--db", unwritable, in)
	if r.code != 1 || !strings.Contains(r.stderr, unwritable) {
		t.Errorf("unwritable db: %d %q, want exit 1 naming the path", r.code, r.stderr)
	}
}

func TestScoreJSONL(t *testing.T) {
	in := `{"id":"1","text":"I love this shop, great staff!"}
{"id":2,"text":"Still waiting for my refund, three weeks now."}
{"text":"Շատ վատ սպասարկում էր"}
`
	r := run(t, in, nil, "score", "--jsonl")
	if r.code != 0 {
		t.Fatalf("score: %d %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want 3: %s", len(lines), r.stdout)
	}
	var first, second, third map[string]any
	json.Unmarshal([]byte(lines[0]), &first)
	json.Unmarshal([]byte(lines[1]), &second)
	json.Unmarshal([]byte(lines[2]), &third)
	if first["id"] != "1" || first["label"] != "positive" || first["lang"] != "en" {
		t.Errorf("line 1 = %v", first)
	}
	if second["id"] != 2.0 || second["label"] != "negative" || second["complaint"] != true { // a number stays a number
		t.Errorf("line 2 = %v", second)
	}
	if _, hasID := third["id"]; hasID || third["lang"] != "hy" {
		t.Errorf("line 3 = %v: no id expected, lang hy", third)
	}
	bad := run(t, "not json\n", nil, "score", "--jsonl")
	if bad.code != 1 || !strings.Contains(bad.stderr, "line 1") {
		t.Errorf("bad JSONL: %d %q", bad.code, bad.stderr)
	}
}

func TestScoreExplain(t *testing.T) {
	r := run(t, "not good at all\n", nil, "score", "--explain")
	var line struct {
		Score   *float64
		Explain []struct{ Token, Rule string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &line); err != nil || line.Score == nil || *line.Score >= 0 {
		t.Fatalf("score --explain = %q (%v)", r.stdout, err)
	}
	if len(line.Explain) == 0 {
		t.Fatalf("no explanation in %q", r.stdout)
	}
}

func TestImportWithConfigMatchesBrandQueries(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.yaml")
	db := filepath.Join(dir, "c.db")
	os.WriteFile(cfg, []byte("store: {path: "+db+"}\nbrands:\n  - {name: Acme, query: 'acme NOT anvil'}\n  - {name: Globex}\nsources:\n  - {name: blog, type: feed, url: \"https://example.com/feed\"}\n"), 0o600)
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(`{"id":"1","text":"Acme and Globex both late","published_at":"2026-11-01"}
{"id":"2","text":"acme anvil review","published_at":"2026-11-01"}
{"id":"3","text":"bound already","brand":"Initech","published_at":"2026-11-01"}
`), 0o600)
	if r := run(t, "", nil, "import", "--config", cfg, in); r.code != 0 {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	out := run(t, "", nil, "export", "--config", cfg).stdout
	for _, want := range []string{`"id":"1"`, `"brand":"Acme;Globex"`, `"id":"3"`, `"brand":"Initech"`} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, `"id":"2","source":"import","brand":"Acme"`) {
		t.Errorf("row 2 matched Acme despite NOT anvil:\n%s", out)
	}
}
