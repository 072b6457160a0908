package mentionio_test

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/mentionio"
)

type result struct {
	records []mentionio.Record
	errs    []*mentionio.RowError
}

func readAll(t *testing.T, r io.Reader, opts mentionio.ReadOptions) result {
	t.Helper()
	rd, err := mentionio.NewReader(r, opts)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	var res result
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			return res
		}
		var re *mentionio.RowError
		if errors.As(err, &re) {
			res.errs = append(res.errs, re)
			continue
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		res.records = append(res.records, rec)
	}
}

func openFixture(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestReadJSONLReportsBadRowsAndKeepsGoodOnes(t *testing.T) {
	res := readAll(t, openFixture(t, "mixed.jsonl"), mentionio.ReadOptions{Format: mentionio.JSONL, RatingScale: 10})
	var ids []string
	for _, r := range res.records {
		ids = append(ids, r.Mention.ID)
	}
	if got, want := strings.Join(ids, ","), "r1,r2,r6"; !strings.HasPrefix(got, want+",import:") {
		t.Fatalf("ids = %s, want %s then a derived id", got, want)
	}
	wantErrs := []struct {
		line  int
		field string
		is    error
	}{
		{4, "text", mentionio.ErrNoText},
		{5, "published_at", mentionio.ErrNoTime},
		{6, "", mentionio.ErrMalformedJSON},
		{8, "published_at", mentionio.ErrBadTime},
		{9, "text", nil},
	}
	if len(res.errs) != len(wantErrs) {
		t.Fatalf("got %d row errors %v, want %d", len(res.errs), res.errs, len(wantErrs))
	}
	for i, w := range wantErrs {
		e := res.errs[i]
		if e.Line != w.line || e.Field != w.field || (w.is != nil && !errors.Is(e, w.is)) {
			t.Errorf("error %d = %v (line %d field %q), want line %d field %q %v", i, e, e.Line, e.Field, w.line, w.field, w.is)
		}
	}
}

func TestReadJSONLFields(t *testing.T) {
	res := readAll(t, openFixture(t, "mixed.jsonl"), mentionio.ReadOptions{Format: mentionio.JSONL, RatingScale: 10})
	r1, r2, r6 := res.records[0].Mention, res.records[1].Mention, res.records[2].Mention
	if r1.Source != "trustpilot" || r1.Author != "Jo" || r1.URL != "https://example.com/r/1" || r1.Lang != "en" {
		t.Errorf("r1 = %+v", r1)
	}
	if want := time.Date(2026, 11, 2, 10, 15, 0, 0, time.UTC); !r1.PublishedAt.Equal(want) {
		t.Errorf("r1.PublishedAt = %v, want %v", r1.PublishedAt, want)
	}
	if r1.Rating == nil || *r1.Rating != 0.5 {
		t.Errorf("r1 rating 1/10 should normalise to 0.5 of 5, got %v", r1.Rating)
	}
	if strings.Join(r2.Brands, "|") != "Acme|Globex" {
		t.Errorf("r2 brands = %q, want Acme and Globex", r2.Brands)
	}
	if r6.PublishedAt.Unix() != 1762077600 || r6.Source != "import" {
		t.Errorf("r6 = %+v: unix time and default source expected", r6)
	}
	if res.records[3].Mention.PublishedAt.Hour() != 0 {
		t.Errorf("+08:00 time must be stored in UTC, got %v", res.records[3].Mention.PublishedAt)
	}
}

func TestDerivedIDIsStable(t *testing.T) {
	line := `{"text":"same text","source":"survey","published_at":"2026-01-02"}` + "\n"
	a := readAll(t, strings.NewReader(line), mentionio.ReadOptions{})
	b := readAll(t, strings.NewReader(line), mentionio.ReadOptions{})
	if a.records[0].Mention.ID == "" || a.records[0].Mention.ID != b.records[0].Mention.ID {
		t.Fatalf("derived ids differ: %q vs %q", a.records[0].Mention.ID, b.records[0].Mention.ID)
	}
}

func TestReadCSVWithColumnMap(t *testing.T) {
	opts := mentionio.ReadOptions{
		Format:       mentionio.CSV,
		Map:          map[string]string{"id": "Response ID", "text": "Comment", "rating": "Score", "published_at": "Submitted", "source": "Channel"},
		RatingScale:  10,
		DefaultBrand: "Acme",
	}
	res := readAll(t, openFixture(t, "nps.csv"), opts)
	if len(res.records) != 2 {
		t.Fatalf("got %d records, want 2 (rows 1001, 1002)", len(res.records))
	}
	m := res.records[1].Mention
	if m.ID != "1002" || m.Source != "phone" || m.Brands[0] != "Acme" || *m.Rating != 1 || res.records[1].Line != 3 {
		t.Errorf("row 1002 = %+v line %d", m, res.records[1].Line)
	}
	want := []struct {
		line  int
		field string
		is    error
	}{{4, "rating", mentionio.ErrRatingRange}, {5, "published_at", mentionio.ErrNoTime}, {6, "text", mentionio.ErrNoText}}
	if len(res.errs) != len(want) {
		t.Fatalf("row errors = %v, want %d", res.errs, len(want))
	}
	for i, w := range want {
		if e := res.errs[i]; e.Line != w.line || e.Field != w.field || !errors.Is(e, w.is) {
			t.Errorf("error %d = %v, want line %d %s %v", i, e, w.line, w.field, w.is)
		}
	}
}

func TestCSVMapToMissingColumnIsAClearError(t *testing.T) {
	_, err := mentionio.NewReader(strings.NewReader("a,b\n1,2\n"), mentionio.ReadOptions{Format: mentionio.CSV, Map: map[string]string{"text": "comment"}})
	if err == nil || !strings.Contains(err.Error(), `no column "comment"`) {
		t.Fatalf("err = %v, want it to name the missing column", err)
	}
	_, err = mentionio.NewReader(strings.NewReader("a,b\n"), mentionio.ReadOptions{Format: mentionio.CSV, Map: map[string]string{"txt": "a"}})
	if err == nil || !strings.Contains(err.Error(), "not a mention field") {
		t.Fatalf("err = %v, want unknown field named", err)
	}
}

func TestInvalidUTF8IsRepairedAndCounted(t *testing.T) {
	res := readAll(t, openFixture(t, "latin1.csv"), mentionio.ReadOptions{Format: mentionio.CSV})
	if len(res.records) != 2 {
		t.Fatalf("records = %d, want 2", len(res.records))
	}
	if !res.records[0].RepairedUTF8 || res.records[1].RepairedUTF8 {
		t.Errorf("repaired flags = %v,%v, want true,false", res.records[0].RepairedUTF8, res.records[1].RepairedUTF8)
	}
	if got := res.records[0].Mention.Text; got != "caf\uFFFD au lait was cold" {
		t.Errorf("text = %q", got)
	}
	jl := readAll(t, strings.NewReader("{\"text\":\"bad \xff byte\",\"published_at\":\"2026-01-01\"}\n"), mentionio.ReadOptions{})
	if len(jl.records) != 1 || !jl.records[0].RepairedUTF8 {
		t.Fatalf("JSONL invalid UTF-8 not repaired: %+v", jl)
	}
}

func TestOverlongLineIsSkipped(t *testing.T) {
	long := `{"text":"` + strings.Repeat("a", 17<<20) + `","published_at":"2026-01-01"}` + "\n"
	in := long + `{"text":"after","published_at":"2026-01-01"}` + "\n"
	res := readAll(t, strings.NewReader(in), mentionio.ReadOptions{})
	if len(res.errs) != 1 || res.errs[0].Line != 1 || len(res.records) != 1 || res.records[0].Line != 2 {
		t.Fatalf("got records %d errs %v, want the long line 1 reported and line 2 read", len(res.records), res.errs)
	}
}

func FuzzReadJSONL(f *testing.F) {
	seed, _ := os.ReadFile("testdata/mixed.jsonl")
	f.Add(seed)
	f.Add([]byte(`{"text":"x","published_at":"2026-01-01","analysis":{"label":"bogus"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := mentionio.NewReader(strings.NewReader(string(data)), mentionio.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 10000; i++ {
			rec, err := rd.Next()
			if err == io.EOF {
				return
			}
			if err == nil && (rec.Mention.Text == "" || rec.Mention.ID == "" || rec.Mention.PublishedAt.IsZero()) {
				t.Fatalf("accepted an incomplete mention: %+v", rec.Mention)
			}
		}
	})
}

func FuzzReadCSV(f *testing.F) {
	seed, _ := os.ReadFile("testdata/nps.csv")
	f.Add(seed)
	f.Add([]byte("text,published_at\n\"unterminated,2026-01-01\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := mentionio.NewReader(strings.NewReader(string(data)), mentionio.ReadOptions{Format: mentionio.CSV})
		if err != nil {
			return // no header or no text column: reported before any row
		}
		for i := 0; i < 10000; i++ {
			rec, err := rd.Next()
			if err == io.EOF {
				return
			}
			if err == nil && (rec.Mention.Text == "" || rec.Mention.PublishedAt.IsZero()) {
				t.Fatalf("accepted an incomplete mention: %+v", rec.Mention)
			}
		}
	})
}
