package alerts_test

import (
	"context"
	"testing"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/store"
)

// BenchmarkEvaluate100Brands evaluates the default rules (negative volume,
// negative share, source health) for 100 brands over a real store of about
// a million mentions (4 weeks of hourly rollups); detection reads rollups only.
func BenchmarkEvaluate100Brands(b *testing.B) {
	path, at, n := benchStore(b)
	db, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	brands, err := db.Brands()
	if err != nil || len(brands) != 100 {
		b.Fatalf("Brands = %d, %v", len(brands), err)
	}
	e, err := alerts.NewEvaluator(db, scanOf(db), alerts.Options{Rules: alerts.DefaultRules(brands)})
	if err != nil {
		b.Fatal(err)
	}
	st, err := db.Stats()
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("store: %d mentions put, %d stored, %d brands, %d bytes", n, st.Mentions, len(brands), st.FileBytes)
	// The first evaluation queues (and explains) whatever the random traffic
	// fires; later ones at the same moment find those rules already firing,
	// which is the steady state of `earshot run`. Nothing is cached between
	// evaluations: each reads the rollups again.
	first, err := e.Evaluate(context.Background(), at)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("first evaluation queued %d alerts", len(first))
	for b.Loop() {
		if _, err := e.Evaluate(context.Background(), at); err != nil {
			b.Fatal(err)
		}
	}
}
