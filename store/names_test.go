package store_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/store"
)

// Names long enough to overflow bbolt's key limit are refused up front, with
// an error that says which name and what the limit is, not bbolt's bare
// "key too large" from inside the transaction.
func TestLongNamesAreRefusedClearly(t *testing.T) {
	for _, tc := range []struct{ brand, source, want string }{
		{strings.Repeat("b", 40000), "rss", "brand name"},
		{"acme", strings.Repeat("s", 20000), "source name"},
	} {
		db := MustOpen(t)
		m := model.Mention{ID: "imp:1", Source: tc.source, Brands: []string{tc.brand}, Text: "hello", PublishedAt: base}
		_, err := db.PutMentions([]model.Mention{m})
		if !errors.Is(err, store.ErrInvalid) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "more than the 1024") {
			t.Errorf("brand %d bytes, source %d bytes: err = %v; want ErrInvalid naming the %s and the limit", len(tc.brand), len(tc.source), err, tc.want)
		}
	}
	db := MustOpen(t)
	ok := model.Mention{ID: "imp:2", Source: strings.Repeat("s", 1024), Brands: []string{strings.Repeat("b", 1024)}, Text: "hello", PublishedAt: base}
	if _, err := db.PutMentions([]model.Mention{ok}); err != nil {
		t.Errorf("names of 1024 bytes: %v, want stored", err)
	}
}

// Re-scoring moves a mention's rollups from the old analysis to the new one
// exactly, whatever precision the scores came with: the record keeps them
// to 1e-4, and Put counts what the record keeps.
func TestRescoreLeavesNoDrift(t *testing.T) {
	db := MustOpen(t)
	m := model.Mention{ID: "rss:1", Source: "rss", Brands: []string{"acme"}, Text: "delivery was fine I guess",
		PublishedAt: base, Analysis: &model.Analysis{Version: "v1", Scored: true, Label: model.Neutral, Score: 0.12344,
			Aspects: []model.AspectScore{{Aspect: "delivery", Score: -0.00003}}}}
	mustPut(t, db, []model.Mention{m})
	err := db.SetAnalyses(map[string]*model.Analysis{"rss:1": {Version: "v2", Scored: true, Label: model.Positive, Score: 0.5,
		Aspects: []model.AspectScore{{Aspect: "delivery", Score: 0.5}}}})
	if err != nil {
		t.Fatal(err)
	}
	bs, err := db.Buckets("acme", "", base.Add(-1), base.Add(3600e9))
	if err != nil || len(bs) != 1 {
		t.Fatalf("Buckets: %v %v", bs, err)
	}
	b := bs[0]
	if d := b.Aspects["delivery"]; d.Negative != 0 || d.Count != 1 || d.ScoreSum < 0.49999 || d.ScoreSum > 0.50001 {
		t.Errorf("delivery aspect after re-scoring to +0.5 = %+v, want count 1, no negatives, sum 0.5", d)
	}
	if b.ScoreSum < 0.49999 || b.ScoreSum > 0.50001 || b.Counts != [3]int64{0, 0, 1} {
		t.Errorf("bucket after re-scoring = %+v, want one positive mention with score sum 0.5", b)
	}
}
