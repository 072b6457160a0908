package alerts_test

import (
	"context"
	"testing"
	"time"

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
	st, err := db.Stats()
	if err != nil || st.Mentions != n {
		b.Fatalf("store holds %d mentions (%v), want %d", st.Mentions, err, n)
	}
	for _, bc := range []struct {
		name    string
		refresh time.Duration
	}{{"cold", -1}, {"warm", 0}} {
		b.Run(bc.name, func(b *testing.B) {
			e, err := alerts.NewEvaluator(db, scanOf(db), alerts.Options{Rules: alerts.DefaultRules(brands), RefreshEvery: bc.refresh})
			if err != nil {
				b.Fatal(err)
			}
			// The first evaluation queues (and explains) whatever the random
			// traffic fires; later ones at the same moment find those rules
			// firing, the steady state of `earshot run`. cold reads four weeks
			// of rollups every time; warm reuses the settled part (the default).
			if _, err := e.Evaluate(context.Background(), at); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := e.Evaluate(context.Background(), at); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
