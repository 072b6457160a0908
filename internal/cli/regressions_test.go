package cli_test

import (
	"context"
	"encoding/json"
	"io"
	"time"

	"fmt"
	"github.com/earshot/earshot/internal/cli"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// One row that mentionio accepts but the store refuses (published before 1970)
// must be a bad row: not an internal failure that drops the good rows of its batch
// and ignores --skip-bad.
func TestRowTheStoreWouldRefuseIsABadRow(t *testing.T) {
	dir := t.TempDir()
	in, db := filepath.Join(dir, "m.jsonl"), filepath.Join(dir, "e.db")
	var b strings.Builder
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(&b, `{"id":"g%d","text":"great service","published_at":"2026-11-0%d"}`+"\n", i, i)
	}
	b.WriteString(`{"id":"old","text":"archived review","published_at":"1969-12-31"}` + "\n")
	os.WriteFile(in, []byte(b.String()), 0o600)
	r := run(t, "", nil, "import", "--db", db, "--skip-bad", in)
	t.Logf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	if r.code != 0 || !strings.Contains(r.stdout, "5 new") || !strings.Contains(r.stderr, in+":6:") {
		t.Fatalf("want exit 0, 5 new, and the bad row named as %s:6", in)
	}
}

// The id of `earshot score --jsonl` must come back as it went in.
func TestScoreIDWithEscapes(t *testing.T) {
	r := run(t, `{"id":"caf\u00e9/\"1\"","text":"great"}`+"\n", nil, "score", "--jsonl")
	t.Logf("stdout: %s", r.stdout)
	if !strings.Contains(r.stdout, `"id":"café/\"1\""`) {
		t.Fatalf(`want "id":"café/\"1\""`)
	}
}

// A bad CSV row after a quoted multi-line field must be reported at its own line.
func TestCSVLineAfterMultilineField(t *testing.T) {
	dir := t.TempDir()
	in, db := filepath.Join(dir, "m.csv"), filepath.Join(dir, "e.db")
	data := "id,text,published_at\r\n" +
		"a,\"line one\r\nline two\r\nline three\",2026-11-01\r\n" +
		"b,no date,\r\n"
	os.WriteFile(in, []byte(data), 0o600)
	r := run(t, "", nil, "import", "--db", db, in)
	t.Logf("exit %d stderr: %s", r.code, r.stderr)
	if !strings.Contains(r.stderr, in+":5:") {
		t.Fatalf("want the bad row at line 5")
	}
}

type failWriter struct{}

func (failWriter) Write(p []byte) (int, error) {
	return 0, fmt.Errorf("write /dev/stdout: broken pipe")
}

// A failure to write the export must not be blamed on the service's API.
func TestExportWriteErrorIsNotBlamedOnTheAPI(t *testing.T) {
	dir := t.TempDir()
	in, db := filepath.Join(dir, "m.jsonl"), filepath.Join(dir, "held.db")
	writeJSONL(t, in, 2000)
	if r := run(t, "", nil, "import", "--db", db, in); r.code != 0 {
		t.Fatal(r.stderr)
	}
	cfg := heldConfig(t, db, hold(t, db))
	var errb strings.Builder
	e := cli.Env{Stdin: strings.NewReader(""), Stdout: failWriter{}, Stderr: &errb,
		Getenv: func(string) string { return "" }, Now: time.Now, IsTerminal: func(io.Writer) bool { return false }}
	code := cli.Main(context.Background(), []string{"export", "--config", cfg}, e)
	t.Logf("exit %d stderr: %s", code, errb.String())
	if code == 0 || !strings.Contains(errb.String(), "broken pipe") {
		t.Fatalf("export whose output could not be written: exit %d; want a failure that names the write error", code)
	}
	if strings.Contains(errb.String(), "did not answer") {
		t.Fatalf("a local write error is reported as the API not answering")
	}
}

// A failed export must not destroy the previous export file.
func TestFailedExportKeepsThePreviousFile(t *testing.T) {
	dir := t.TempDir()
	db, out := filepath.Join(dir, "held.db"), filepath.Join(dir, "last.jsonl")
	os.WriteFile(out, []byte(`{"id":"yesterday"}`+"\n"), 0o600)
	hold(t, db)
	cfg := heldConfig(t, db, "127.0.0.1:1")
	r := run(t, "", nil, "export", "--config", cfg, "--out", out)
	b, _ := os.ReadFile(out)
	t.Logf("exit %d stderr %s; %s now %d bytes", r.code, r.stderr, out, len(b))
	if len(b) == 0 {
		t.Fatalf("failed export emptied the previous export file")
	}
}

// Each export filter selects what it says, and a --brand typed in another
// case finds the config's brand instead of nothing.
func TestExportFilters(t *testing.T) {
	dir := t.TempDir()
	in, db := filepath.Join(dir, "m.jsonl"), filepath.Join(dir, "e.db")
	rows := `{"id":"a1","source":"survey","brand":"Acme","text":"Terrible service, late again.","published_at":"2026-11-01T10:00:00Z"}
{"id":"a2","source":"forum","brand":"Acme","text":"Great prices and friendly staff!","published_at":"2026-11-05T10:00:00Z"}
{"id":"g1","source":"survey","brand":"Globex","text":"Okay I guess.","published_at":"2026-11-03T10:00:00Z"}
{"id":"g2","source":"forum","brand":"Globex","text":"Love it.","published_at":"2026-11-09T10:00:00Z"}
`
	os.WriteFile(in, []byte(rows), 0o600)
	if r := run(t, "", nil, "import", "--db", db, in); r.code != 0 {
		t.Fatal(r.stderr)
	}
	cfg := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfg, []byte("store: {path: "+db+"}\nbrands: [{name: Acme}, {name: Globex}]\nsources:\n  - {name: forum, type: feed, url: \"https://example.com/feed\"}\n"), 0o600)
	ids := func(args ...string) string {
		t.Helper()
		r := run(t, "", nil, append([]string{"export", "--format", "csv"}, args...)...)
		if r.code != 0 {
			t.Fatalf("export %v: exit %d: %s", args, r.code, r.stderr)
		}
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n")[1:] {
			got = append(got, strings.Split(line, ",")[0])
		}
		return strings.Join(got, " ")
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--db", db}, "a1 g1 a2 g2"},
		{[]string{"--db", db, "--brand", "Globex"}, "g1 g2"},
		{[]string{"--db", db, "--source", "forum"}, "a2 g2"},
		{[]string{"--db", db, "--since", "2026-11-03"}, "g1 a2 g2"},
		{[]string{"--db", db, "--until", "2026-11-05"}, "a1 g1"},
		{[]string{"--db", db, "--brand", "Acme", "--source", "survey"}, "a1"},
		{[]string{"--config", cfg, "--brand", "globex"}, "g1 g2"},
		{[]string{"--config", cfg, "--source", "FORUM"}, "a2 g2"},
	} {
		if got := ids(tc.args...); got != tc.want {
			t.Errorf("export %v = %q, want %q", tc.args, got, tc.want)
		}
	}
	r := run(t, "", nil, "export", "--config", cfg, "--brand", "Initech")
	if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, `--brand "Initech" is not in the config (Acme, Globex)`) {
		t.Errorf("export of a brand the config lacks: exit %d, stdout %q, stderr %q; want nothing and a note naming the config's brands", r.code, r.stdout, r.stderr)
	}
}

// A survey export whose columns are not earshot's names imports through
// --map (the CSAT/NPS case): the comment becomes the text, the
// 0-10 score a rating on earshot's 0-5 scale, the respondent number the id.
// A malformed --map is refused with an example of the right form.
func TestImportWithMap(t *testing.T) {
	dir := t.TempDir()
	in, db := filepath.Join(dir, "survey.csv"), filepath.Join(dir, "e.db")
	os.WriteFile(in, []byte("respondent,submitted,score,comment\n"+
		"101,2026-11-02T09:00:00Z,2,\"Delivery took three weeks, awful.\"\n"+
		"102,2026-11-03T09:00:00Z,10,\"Lovely staff, quick refund.\"\n"), 0o600)
	r := run(t, "", nil, "import", "--db", db, "--source", "csat", "--brand", "Acme",
		"--map", "id=respondent,text=comment,rating=score,published_at=submitted", "--rating-scale", "10", in)
	if r.code != 0 || !strings.Contains(r.stdout, "read 2 rows: 2 new") {
		t.Fatalf("import --map: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	ex := run(t, "", nil, "export", "--db", db)
	type row struct {
		ID, Text, Source, Brand string
		Rating                  float64
		Analysis                struct{ Label string }
	}
	var got []row
	for _, l := range strings.Split(strings.TrimSpace(ex.stdout), "\n") {
		var m row
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("export line %q: %v", l, err)
		}
		got = append(got, m)
	}
	if len(got) != 2 || got[0].Text != "Delivery took three weeks, awful." || got[0].Rating != 1 || got[1].Rating != 5 ||
		got[0].Source != "csat" || got[0].Brand != "Acme" || got[0].Analysis.Label != "negative" || got[0].ID != "101" {
		t.Errorf("exported %+v; want the comments as text, ratings 1 and 5 of 5, source csat, brand Acme, the first negative", got)
	}
	if r := run(t, "", nil, "import", "--db", db, "--map", "text", in); r.code != 1 || !strings.Contains(r.stderr, "field=column") {
		t.Errorf("--map text: exit %d, stderr %q; want a usage error showing field=column", r.code, r.stderr)
	}
}
