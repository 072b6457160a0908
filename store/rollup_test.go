package store_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/model"
)

// wantBuckets recomputes hourly rollups from the mentions themselves.
func wantBuckets(ms []model.Mention, brand, source string, from, to time.Time) []model.Bucket {
	byHour := map[time.Time]*model.Bucket{}
	for _, m := range ms {
		if !m.HasBrand(brand) || (source != "" && m.Source != source) || m.PublishedAt.Before(from) || !m.PublishedAt.Before(to) {
			continue
		}
		h := m.PublishedAt.Truncate(time.Hour)
		b := byHour[h]
		if b == nil {
			b = &model.Bucket{Brand: brand, Source: source, Hour: h}
			byHour[h] = b
		}
		a := m.Analysis
		if a == nil || !a.Scored {
			b.Unscored++
		} else {
			b.Counts[a.Label.Index()]++
			b.ScoreSum += a.Score
		}
		if a == nil {
			continue
		}
		if a.Complaint {
			b.Complaints++
		}
		for _, as := range a.Aspects {
			if b.Aspects == nil {
				b.Aspects = map[string]model.AspectTally{}
			}
			t := b.Aspects[as.Aspect]
			t.Count++
			t.ScoreSum += as.Score
			if as.Score < 0 {
				t.Negative++
			}
			b.Aspects[as.Aspect] = t
		}
	}
	var out []model.Bucket
	for _, b := range byHour {
		out = append(out, *b)
	}
	slices.SortFunc(out, func(a, b model.Bucket) int { return a.Hour.Compare(b.Hour) })
	return out
}

func TestBucketsMatchStoredMentions(t *testing.T) {
	db := MustOpen(t)
	g := &gen{reviews: loadReviews(t)}
	var all []model.Mention
	for range 3 { // several batches, so rollups of the same hour are read, added and rewritten
		ms := g.mentions(400, base.Add(time.Duration(len(all))*11*time.Minute), 11*time.Minute, 450)
		if res := mustPut(t, db, ms); res.New != len(ms) {
			t.Fatalf("put = %+v, want all %d new (the reference below ignores merges)", res, len(ms))
		}
		mustPut(t, db, ms[:50]) // re-put must not double-count
		all = append(all, ms...)
	}
	from, to := base.Add(5*time.Hour), base.Add(150*time.Hour)
	for _, brand := range genBrands {
		for _, source := range append([]string{""}, genSources...) {
			got, err := db.Buckets(brand, source, from, to)
			if err != nil {
				t.Fatal(err)
			}
			want := wantBuckets(all, brand, source, from, to)
			if len(want) == 0 {
				t.Fatalf("test data has no mentions for %s/%s", brand, source)
			}
			if !bucketsEqual(got, want) {
				t.Errorf("Buckets(%s, %q) differ from the mentions: got %d hours, want %d", brand, source, len(got), len(want))
			}
		}
	}
	brands, _ := db.Brands()
	if want := []string{"acme", "globex", "initech"}; !slices.Equal(brands, want) {
		t.Errorf("Brands() = %v, want %v", brands, want)
	}
}

// bucketsEqual compares counts exactly and float sums to rounding.
func bucketsEqual(got, want []model.Bucket) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := got[i], want[i]
		if !near(g.ScoreSum, w.ScoreSum) || len(g.Aspects) != len(w.Aspects) {
			return false
		}
		for name, wt := range w.Aspects {
			gt := g.Aspects[name]
			if gt.Count != wt.Count || gt.Negative != wt.Negative || !near(gt.ScoreSum, wt.ScoreSum) {
				return false
			}
		}
		g.ScoreSum, w.ScoreSum, g.Aspects, w.Aspects = 0, 0, nil, nil
		if !reflect.DeepEqual(g, w) {
			return false
		}
	}
	return true
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestBucketsUnscoredAndEmptyRange(t *testing.T) {
	db := MustOpen(t)
	ms := []model.Mention{
		{ID: "1", Source: "rss", Brands: []string{"acme"}, Text: "Ծառայությունը", Lang: "hy", PublishedAt: base.Add(10 * time.Minute),
			Analysis: &model.Analysis{Lang: "hy", Scored: false, Label: model.Neutral}},
		{ID: "2", Source: "rss", Brands: []string{"acme", "acme"}, Text: "not analysed yet", PublishedAt: base.Add(20 * time.Minute)},
		{ID: "3", Source: "rss", Brands: []string{"acme"}, Text: "awful", PublishedAt: base.Add(30 * time.Minute),
			Analysis: &model.Analysis{Scored: true, Label: model.Negative, Score: -0.75, Complaint: true}},
	}
	mustPut(t, db, ms)
	got, err := db.Buckets("acme", "", base, base.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := model.Bucket{Brand: "acme", Hour: base, Counts: [3]int64{1, 0, 0}, Unscored: 2, ScoreSum: -0.75, Complaints: 1}
	if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Errorf("Buckets = %+v, want [%+v]", got, want)
	}
	if got, _ := db.Buckets("acme", "", base.Add(time.Hour), base.Add(48*time.Hour)); len(got) != 0 {
		t.Errorf("Buckets of an empty range = %+v, want none", got)
	}
	if got, _ := db.Buckets("acm", "", time.Time{}, time.Time{}); len(got) != 0 {
		t.Errorf("Buckets of a brand prefix = %+v, want none", got)
	}
}
