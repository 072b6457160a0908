package cli_test

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func exportLines(t *testing.T, db, format string) []string {
	t.Helper()
	r := run(t, "", nil, "export", "--db", db, "--format", format)
	if r.code != 0 {
		t.Fatalf("export: %d %s", r.code, r.stderr)
	}
	var out []string
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

func TestJSONLRoundTripThroughStore(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	long := strings.Repeat("The delivery was late and the box was crushed, support never answered my emails. ", 2)
	rows := []map[string]any{
		{"id": "rss:1", "source": "blog", "brand": "Acme", "url": "https://example.com/a?x=1&y=2", "author": "Ann", "title": "T <b>", "text": long, "lang": "en", "rating": 3.4761059551574607, "published_at": "2026-11-20T10:00:00.123456789Z"},
		{"id": "rss:2", "source": "forum", "brand": "Acme;Beta", "text": "line one\r\nline two\ttab", "published_at": "2026-11-21T10:00:00Z", "rating": 0.2452010027565252},
		{"id": "rss:3", "source": "blog", "brand": "Acme", "text": "'=1+1 ok", "published_at": "2026-11-22T10:00:00Z"},
		{"id": "rss:4", "source": "blog", "brand": "Acme", "text": "café ünïcode 😀 \u2028 sep", "published_at": "2026-11-22T11:00:00+02:00"},
		{"id": "rss:5", "source": "forum", "also_seen_in": []string{"x", "y"}, "brand": "Acme", "text": "fine", "published_at": "1970-01-01T00:00:00Z",
			"analysis": map[string]any{"version": "v0", "lang": "en", "scored": true, "score": -0.12345, "label": "negative", "confidence": 0.5, "urgency": 2, "complaint": true, "aspects": []map[string]any{{"aspect": "delivery", "score": -0.3}}}},
	}
	f, _ := os.Create(in)
	for _, r := range rows {
		b, _ := json.Marshal(r)
		f.Write(append(b, '\n'))
	}
	f.Close()
	db1 := filepath.Join(dir, "1.db")
	if r := run(t, "", nil, "import", "--db", db1, in); r.code != 0 {
		t.Fatalf("import 1: %s %s", r.stdout, r.stderr)
	}
	for _, format := range []string{"jsonl"} {
		e1 := exportLines(t, db1, format)
		out := filepath.Join(dir, "e1."+format)
		os.WriteFile(out, []byte(strings.Join(e1, "\n")+"\n"), 0o600)
		db2 := filepath.Join(dir, format+"2.db")
		if r := run(t, "", nil, "import", "--db", db2, out); r.code != 0 {
			t.Fatalf("import 2 %s: %s %s", format, r.stdout, r.stderr)
		}
		e2 := exportLines(t, db2, format)
		if format == "csv" { // analysis is re-scored: compare the mention columns
			e1, e2 = csvCols(t, e1), csvCols(t, e2)
		}
		if !reflect.DeepEqual(e1, e2) {
			for i := range e1 {
				if i >= len(e2) || e1[i] != e2[i] {
					t.Errorf("%s line %d:\n first  %q\n second %q", format, i, e1[i], func() string {
						if i < len(e2) {
							return e2[i]
						}
						return ""
					}())
				}
			}
		}
	}
}

func csvCols(t *testing.T, lines []string) []string {
	recs, err := csv.NewReader(strings.NewReader(strings.Join(lines, "\n"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range recs {
		out = append(out, strings.Join(r[:10], "|"))
	}
	return out
}

// An unclosed quote reads the rows after it into one bad row: the error
// says which lines went with it.
func TestCLIUnclosedQuoteSkipBad(t *testing.T) {
	dir := t.TempDir()
	in, db := filepath.Join(dir, "survey.csv"), filepath.Join(dir, "e.db")
	data := "id,text,published_at\n" +
		"r1,fine,2026-11-01\n" +
		"r2,\"Best phone ever,2026-11-02\n" +
		"r3,also fine,2026-11-03\n" +
		"r4,\"quoted, fine\",2026-11-04\n" +
		"r5,last,2026-11-05\n"
	os.WriteFile(in, []byte(data), 0o600)
	r := run(t, "", nil, "import", "--db", db, "--skip-bad", in)
	t.Logf("exit %d\nstdout: %sstderr: %s", r.code, r.stdout, r.stderr)
	if !strings.Contains(r.stderr, "survey.csv:3:") || !strings.Contains(r.stderr, "runs to line 5, so the rows between were read into it") {
		t.Errorf("5 rows in the file, 2 imported and 1 bad: the error must say the bad field swallowed lines 4-5")
	}
}

// The id of `earshot score --jsonl` must come back as it went in: a numeric
// id (a survey's respondent number) must stay a number, or a join on it fails.
func TestScoreNumericID(t *testing.T) {
	r := run(t, `{"id":42,"text":"great"}`+"\n", nil, "score", "--jsonl")
	t.Logf("stdout: %s", r.stdout)
	var out struct{ ID any }
	json.Unmarshal([]byte(r.stdout), &out)
	if _, ok := out.ID.(float64); !ok {
		t.Fatalf("id 42 came back as %#v", out.ID)
	}
}

// Into a fresh store, a syndicated copy (same long text, another source) is
// reported as "already stored".
func TestImportSummaryMergedIsNotAlreadyStored(t *testing.T) {
	dir := t.TempDir()
	in, db := filepath.Join(dir, "m.jsonl"), filepath.Join(dir, "e.db")
	text := "The delivery was late again and the support line kept me waiting for an hour before hanging up on me."
	data := `{"id":"a","source":"blog","text":"` + text + `","published_at":"2026-11-01"}` + "\n" +
		`{"id":"b","source":"forum","text":"` + text + `","published_at":"2026-11-02"}` + "\n"
	os.WriteFile(in, []byte(data), 0o600)
	r := run(t, "", nil, "import", "--db", db, in)
	t.Logf("stdout: %s", r.stdout)
	if r.code != 0 || !strings.Contains(r.stdout, "1 new, 0 already stored, 1 merged") {
		t.Errorf("exit %d; want 1 new and 1 merged: a fresh store had nothing stored, and row b was merged into a as a syndicated copy", r.code)
	}
}

// Import skips a UTF-8 BOM (Notepad, PowerShell); score --jsonl and eval do not.
func TestBOMScoreAndEval(t *testing.T) {
	bom := "\ufeff"
	if r := run(t, bom+`{"id":"a","text":"great"}`+"\n", nil, "score", "--jsonl"); r.code != 0 {
		t.Errorf("score --jsonl with a BOM: exit %d: %s", r.code, r.stderr)
	}
	p := filepath.Join(t.TempDir(), "gold.jsonl")
	os.WriteFile(p, []byte(bom+`{"text":"great","label":"positive"}`+"\n"), 0o600)
	if r := run(t, "", nil, "eval", p); r.code != 0 {
		t.Errorf("eval with a BOM: exit %d: %s", r.code, r.stderr)
	}
}
