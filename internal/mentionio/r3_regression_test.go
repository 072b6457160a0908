package mentionio_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/mentionio"
	"github.com/earshot/earshot/internal/model"
)

func roundTrip(t *testing.T, f mentionio.Format, ms []model.Mention) []model.Mention {
	t.Helper()
	var b bytes.Buffer
	w, _ := mentionio.NewWriter(&b, f)
	for i := range ms {
		if err := w.Write(&ms[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	res := readAll(t, &b, mentionio.ReadOptions{Format: f})
	if len(res.errs) > 0 {
		t.Fatalf("%s: row errors %v\n%s", f, res.errs, b.String())
	}
	var out []model.Mention
	for _, r := range res.records {
		out = append(out, r.Mention)
	}
	return out
}

func TestRoundTripHostileText(t *testing.T) {
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	texts := []string{
		`'=1+1 is what the apostrophe-prefixed review says`,
		`'-- the worst`,
		`'+1 agreed`,
		`=cmd`, `-5 stars`, `@brand`, "plain",
	}
	for _, f := range []mentionio.Format{mentionio.JSONL, mentionio.CSV} {
		var in []model.Mention
		for i, tx := range texts {
			in = append(in, model.Mention{ID: "r:" + string(rune('a'+i)), Source: "reviews", Brands: []string{"Acme"}, Author: tx, Title: tx, Text: tx, PublishedAt: at})
		}
		out := roundTrip(t, f, in)
		for i := range in {
			g := out[i]
			if g.Text != in[i].Text || g.Author != in[i].Author || g.Title != in[i].Title {
				t.Errorf("%s: text %q came back as %q (author %q, title %q)", f, in[i].Text, g.Text, g.Author, g.Title)
			}
			_ = reflect.DeepEqual
		}
	}
}

func TestCSVQuoteMessage(t *testing.T) {
	in := "id,text,published_at\nr2,\"Best\" phone ever,2026-11-02\n"
	res := readAll(t, strings.NewReader(in), mentionio.ReadOptions{Format: mentionio.CSV})
	for _, e := range res.errs {
		t.Logf("row error: %v", e)
		if strings.Contains(e.Error(), "not closed") {
			t.Errorf("the quoted field is closed (\"Best\"), but the message says it is not: %v", e)
		}
	}
}

// A comment that opens a quote and never closes it (hand-edited survey CSV)
// reads the rows after it into one bad row: the error says which lines.
func TestCSVUnclosedQuoteNamesTheLines(t *testing.T) {
	in := "id,text,published_at\n" +
		"r1,fine,2026-11-01\n" +
		"r2,\"Best phone ever,2026-11-02\n" +
		"r3,also fine,2026-11-03\n" +
		"r4,\"quoted, fine\",2026-11-04\n" +
		"r5,last,2026-11-05\n"
	res := readAll(t, strings.NewReader(in), mentionio.ReadOptions{Format: mentionio.CSV})
	var ids []string
	for _, r := range res.records {
		ids = append(ids, r.Mention.ID)
	}
	t.Logf("records %v, row errors %v", ids, res.errs)
	if len(res.errs) != 1 || !strings.Contains(res.errs[0].Error(), "opened on line 3 runs to line 5") {
		t.Fatalf("5 data rows in, got %d records and %d row errors, and the error does not say rows 3-4 went into the bad field", len(res.records), len(res.errs))
	}
}

// A crawled rating (html source with scale 3: 0.3/3*5) must come back as it was.
func TestRatingRoundTrip(t *testing.T) {
	v, scale := 0.3, 3.0
	r := min(max(v/scale*5, 0), 5) // crawler/html.go scaleRating
	for _, f := range []mentionio.Format{mentionio.JSONL, mentionio.CSV} {
		out := roundTrip(t, f, []model.Mention{{ID: "html:1", Source: "reviews", Text: "meh", Rating: &r, PublishedAt: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}})
		if *out[0].Rating != r {
			t.Errorf("%s: rating %v came back as %v", f, r, *out[0].Rating)
		}
	}
}

// A UTF-8 CSV with a BOM and quoted header cells (Qualtrics, pandas
// utf-8-sig with QUOTE_ALL, PowerShell Export-Csv) must read like one without.
func TestCSVBOMQuotedHeader(t *testing.T) {
	in := "\ufeff\"id\",\"text\",\"published_at\"\r\n\"1\",\"great service\",\"2026-11-01\"\r\n"
	rd, err := mentionio.NewReader(strings.NewReader(in), mentionio.ReadOptions{Format: mentionio.CSV})
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	rec, err := rd.Next()
	if err != nil || rec.Mention.Text != "great service" {
		t.Fatalf("Next = %+v, %v", rec.Mention, err)
	}
}

// A semicolon CSV (German Excel) whose header names a scale with a decimal
// comma is read as one comma-separated column.
func TestSemicolonHeaderWithComma(t *testing.T) {
	in := "id;text;Bewertung (1,0-5,0);published_at\r\n1;Sehr gut;4,5;2026-11-01\r\n"
	rd, err := mentionio.NewReader(strings.NewReader(in), mentionio.ReadOptions{Format: mentionio.CSV, Map: map[string]string{"rating": "Bewertung (1,0-5,0)"}})
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	rec, err := rd.Next()
	if err != nil || rec.Mention.Text != "Sehr gut" {
		t.Fatalf("Next = %+v, %v", rec.Mention, err)
	}
}

// A compact date-time (YYYYMMDDhhmm, 12 digits) is silently taken as Unix
// milliseconds in 1976, like the 8-digit date the last fix refused.
func TestCompactDateTimeIsNotUnixMillis(t *testing.T) {
	for _, s := range []string{"202611231000", "2026112310"} {
		in := "text,published_at\nslow delivery," + s + "\n"
		res := readAll(t, strings.NewReader(in), mentionio.ReadOptions{Format: mentionio.CSV})
		if len(res.records) == 1 {
			t.Errorf("%s (2026-11-23 10:00) accepted as %s", s, res.records[0].Mention.PublishedAt.Format(time.RFC3339))
		}
	}
}
