package store_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/store"
)

func TestSetAnalysesMovesRollupsAndCounts(t *testing.T) {
	g := &gen{reviews: loadReviews(t)}
	scored := g.mentions(200, base, 13*time.Minute, 450)
	unscored := make([]model.Mention, len(scored))
	analyses := map[string]*model.Analysis{}
	for i, m := range scored {
		analyses[m.ID] = m.Analysis
		m.Analysis = nil
		if i%3 == 0 { // some arrive with a stale analysis instead of none
			m.Analysis = &model.Analysis{Version: "old", Scored: true, Label: model.Positive, Score: 0.9,
				Aspects: []model.AspectScore{{Aspect: "packaging", Score: -0.4}}}
		}
		unscored[i] = m
	}
	want, got := MustOpen(t), MustOpen(t)
	mustPut(t, want, scored)
	mustPut(t, got, unscored)
	if err := got.SetAnalyses(analyses); err != nil {
		t.Fatalf("SetAnalyses: %v", err)
	}
	for _, brand := range genBrands {
		for _, source := range append([]string{""}, genSources...) {
			w, _ := want.Buckets(brand, source, time.Time{}, time.Time{})
			g, _ := got.Buckets(brand, source, time.Time{}, time.Time{})
			if !bucketsEqual(g, w) {
				t.Errorf("Buckets(%s, %q) after re-scoring differ from scoring at put time", brand, source)
			}
		}
	}
	ws, _ := want.Stats()
	gs, _ := got.Stats()
	ws.FileBytes, gs.FileBytes = 0, 0
	if !reflect.DeepEqual(gs, ws) {
		t.Errorf("Stats after re-scoring =\n%+v\nwant\n%+v", gs, ws)
	}
	m, _ := got.Mention(scored[3].ID)
	if wa := withoutExplain(scored[3].Analysis); !reflect.DeepEqual(m.Analysis, wa) {
		t.Errorf("Mention(%q).Analysis = %+v, want %+v", scored[3].ID, m.Analysis, wa)
	}
}

func TestSetAnalysesUnknownIDChangesNothing(t *testing.T) {
	db := MustOpen(t)
	m := model.Mention{ID: "a", Source: "rss", Brands: []string{"acme"}, Text: "slow delivery", PublishedAt: base}
	mustPut(t, db, []model.Mention{m})
	err := db.SetAnalyses(map[string]*model.Analysis{
		"a":       {Scored: true, Label: model.Negative, Score: -0.5},
		"missing": {Scored: true, Label: model.Positive},
	})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("SetAnalyses with an unknown id = %v, want ErrNotFound", err)
	}
	if got, _ := db.Mention("a"); got.Analysis != nil {
		t.Errorf("mention a was re-scored by a failed call: %+v", got.Analysis)
	}
}
