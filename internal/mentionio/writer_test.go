package mentionio_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/mentionio"
	"github.com/earshot/earshot/internal/model"
)

func sampleMentions() []model.Mention {
	r := 4.0
	return []model.Mention{
		{ID: "a", Source: "feed", Brands: []string{"Acme", "Globex"}, URL: "https://x.test/1", Author: "Ann",
			Title: "Hi, \"there\"", Text: "Line one,\nline two <b>", Lang: "en", Rating: &r,
			PublishedAt: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC),
			Analysis: &model.Analysis{Version: "v1", Lang: "en", Scored: true, Score: -0.5, Label: model.Negative,
				Confidence: 0.8, Aspects: []model.AspectScore{{Aspect: "delivery", Score: -0.7}}, Complaint: true, Urgency: 2}},
		{ID: "b", Source: "feed", Text: "Շատ լավ է", Lang: "hy", PublishedAt: time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)},
	}
}

func TestRoundTrip(t *testing.T) {
	for _, f := range []mentionio.Format{mentionio.JSONL, mentionio.CSV} {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			w, err := mentionio.NewWriter(&buf, f)
			if err != nil {
				t.Fatal(err)
			}
			in := sampleMentions()
			for i := range in {
				if err := w.Write(&in[i]); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			res := readAll(t, &buf, mentionio.ReadOptions{Format: f})
			if len(res.errs) != 0 || len(res.records) != len(in) {
				t.Fatalf("read back %d records, errors %v", len(res.records), res.errs)
			}
			for i, rec := range res.records {
				got, want := rec.Mention, in[i]
				if got.ID != want.ID || got.Text != want.Text || got.Title != want.Title ||
					strings.Join(got.Brands, ";") != strings.Join(want.Brands, ";") || !got.PublishedAt.Equal(want.PublishedAt) {
					t.Errorf("mention %d = %+v, want %+v", i, got, want)
				}
			}
			if f == mentionio.JSONL {
				a := res.records[0].Mention.Analysis
				if a == nil || a.Label != model.Negative || a.Aspects[0].Aspect != "delivery" || !a.Complaint {
					t.Errorf("analysis did not survive the round trip: %+v", a)
				}
			}
		})
	}
}

func TestCSVExportHasAnalysisColumns(t *testing.T) {
	var buf bytes.Buffer
	w, _ := mentionio.NewWriter(&buf, mentionio.CSV)
	m := sampleMentions()[0]
	if err := w.Write(&m); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	lines := strings.SplitN(buf.String(), "\n", 2)
	if want := "id,source,brand,url,author,title,text,lang,rating,published_at,score,label,confidence,aspects,complaint,urgency,rating_mismatch,analysis_version"; lines[0] != want {
		t.Fatalf("header = %s, want %s", lines[0], want)
	}
	if !strings.Contains(lines[1], "-0.5000,negative,0.800,delivery:-0.700,true,2,false,v1") {
		t.Errorf("row lacks the analysis columns: %s", lines[1])
	}
}
