package alerts_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/alerts/alertstest"
	"github.com/earshot/earshot/internal/model"
)

// bySourceStore: acme is fed by reviews (4 neg / 40 an hour) and forum
// (1 / 10); in the storm hour reviews has 30 negatives out of 40.
func bySourceStore(forumFails bool) *alertstest.MemStore {
	st := alertstest.NewMemStore()
	r := rand.New(rand.NewPCG(5, 6))
	start := storm.Add(-28 * 24 * time.Hour)
	for i := range 28*24 + 1 {
		h := start.Add(time.Duration(i) * time.Hour)
		for _, s := range []struct {
			src      string
			neg, all float64
		}{{"reviews", 4, 40}, {"forum", 1, 10}} {
			n, o := poisson(r, s.neg), poisson(r, s.all-s.neg)
			if s.src == "reviews" && h.Equal(storm) {
				n, o = 30, 10
			}
			for _, src := range []string{"", s.src} {
				st.AddBucket(model.Bucket{Brand: "acme", Source: src, Hour: h, Counts: [3]int64{n, o, 0}})
			}
		}
	}
	forumErr := ""
	if forumFails {
		forumErr = "forum.example: 503 Service Unavailable"
	}
	st.AddRuns(
		model.CrawlRun{Source: "reviews", Started: storm.Add(50 * time.Minute), Finished: storm.Add(51 * time.Minute), New: 40},
		model.CrawlRun{Source: "forum", Started: storm.Add(50 * time.Minute), Finished: storm.Add(51 * time.Minute), Err: forumErr},
	)
	return st
}

// A failing forum says nothing about the completeness of the reviews
// source's own window: it must not suppress the by-source alert of reviews.
func TestOtherSourceFailingDoesNotHideABySourceStorm(t *testing.T) {
	rules := []alerts.Rule{{Name: "share_by_source", Detector: alerts.NegativeShare, Brands: []string{"acme"}, By: "source"}}
	for _, fails := range []bool{false, true} {
		st := bySourceStore(fails)
		e, err := alerts.NewEvaluator(st, nil, alerts.Options{Rules: rules, Channels: []string{"slack"},
			BrandSources: map[string][]string{"acme": {"forum", "reviews"}}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.Evaluate(context.Background(), storm.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		var reviews []model.Alert
		for _, a := range got {
			if a.Source == "reviews" && a.Kind == model.AlertFiring {
				reviews = append(reviews, a)
			}
		}
		t.Logf("forum failing=%v: %d alerts for acme/reviews", fails, len(reviews))
		for _, a := range reviews {
			t.Logf("  %s", a.Summary)
		}
		if len(reviews) != 1 {
			t.Errorf("forum failing=%v: %d negative_share alerts for acme / reviews (30 of 40 negative vs ~10%%), want 1", fails, len(reviews))
		}
	}
}
