package alerts_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/store"
)

// These tests run the alerts against a real bbolt store (external test
// package: alerts itself never imports store).

// mustOpen opens a store in dir with the clock now.
func mustOpen(tb testing.TB, path string, now func() time.Time) *store.DB {
	tb.Helper()
	db, err := store.Open(path, store.Options{Now: now})
	if err != nil {
		tb.Fatalf("open store: %v", err)
	}
	return db
}

// scanOf adapts store.EachMention to alerts.MentionScan, as internal/app does.
func scanOf(db *store.DB) alerts.MentionScan {
	return func(brand string, from, to time.Time, fn func(*model.Mention) error) error {
		return db.EachMention(store.Query{Brand: brand, Since: from, Until: to, Label: model.Negative}, fn)
	}
}

// simMentions makes the mentions of hours of simulated traffic for brands:
// negPerHour negative and restPerHour other mentions a brand an hour, and a
// storm of stormNeg extra negatives in the hour at storm (zero: none).
func simMentions(r *rand.Rand, brands []string, start time.Time, hours int, negPerHour, restPerHour float64, storm time.Time, stormNeg int) []model.Mention {
	var out []model.Mention
	for h := range hours {
		hour := start.Add(time.Duration(h) * time.Hour)
		for _, b := range brands {
			neg := int(poisson(r, negPerHour))
			if hour.Equal(storm) {
				neg += stormNeg
			}
			n := neg + int(poisson(r, restPerHour))
			for i := range n {
				label, score, text := model.Neutral, 0.1, calmTexts[i%len(calmTexts)]
				if i < neg {
					label, score, text = model.Negative, -0.4-r.Float64()/2, "meh"
					if hour.Equal(storm) {
						text = stormTexts[i%len(stormTexts)]
					}
				}
				at := hour.Add(time.Duration(r.IntN(3600)) * time.Second)
				out = append(out, model.Mention{
					ID: fmt.Sprintf("%s-%d-%d", b, hour.Unix()/3600, i), Source: []string{"reviews", "forum"}[i%2], Brands: []string{b},
					URL: fmt.Sprintf("https://reviews.example/%s/%d/%d", b, h, i), Text: text, PublishedAt: at, FetchedAt: at,
					Analysis: &model.Analysis{Version: "test", Scored: true, Label: label, Score: score},
				})
			}
		}
	}
	return out
}

func putAll(tb testing.TB, db *store.DB, ms []model.Mention) {
	tb.Helper()
	for i := 0; i < len(ms); i += 5000 {
		if _, err := db.PutMentions(ms[i:min(i+5000, len(ms))]); err != nil {
			tb.Fatalf("PutMentions: %v", err)
		}
	}
}

func TestWithStoreEvaluateDeliverRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "earshot.db")
	at := storm.Add(time.Hour)
	now := func() time.Time { return at }
	db := mustOpen(t, path, now)
	start := storm.Add(-21 * 24 * time.Hour)
	putAll(t, db, simMentions(rand.New(rand.NewPCG(5, 6)), []string{"acme"}, start, 21*24+1, 3, 20, storm, 60))

	e := newEvaluator(t, db, scanOf(db), alerts.DefaultRules([]string{"acme"}))
	got, err := e.Evaluate(context.Background(), at)
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	if countKind(got, model.AlertFiring, "") == 0 {
		t.Fatalf("Evaluate over a stored storm queued %v, want firing alerts", kinds(got))
	}
	a := got[0]
	if len(a.Examples) == 0 || len(a.TopTerms) == 0 {
		t.Errorf("alert from the store has %d examples and terms %v, want both", len(a.Examples), a.TopTerms)
	}
	if again, err := e.Evaluate(context.Background(), at); err != nil || len(again) != 0 {
		t.Errorf("second Evaluate = %v, %v; want nothing", kinds(again), err)
	}
	stored, err := db.Alert(a.ID)
	if err != nil || stored.Summary != a.Summary {
		t.Errorf("stored alert = %q, %v; want %q", stored.Summary, err, a.Summary)
	}

	// The process dies after storing, before sending: the next one sends once.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpen(t, path, now)
	defer db.Close()
	n := &fakeNotifier{refBase: "C1"}
	opts := alerts.DispatcherOptions{Notifiers: map[string]alerts.Notifier{"slack": n}, Now: now}
	sent, err := alerts.NewDispatcher(db, opts).Drain(context.Background())
	if err != nil || sent != len(got) {
		t.Fatalf("Drain after restart = %d, %v; want %d", sent, err, len(got))
	}
	if again, _ := alerts.NewDispatcher(db, opts).Drain(context.Background()); again != 0 || n.count() != len(got) {
		t.Errorf("a second dispatcher sent %d more (%d total), want every alert exactly once", again, n.count())
	}
}

// bench100 is a store of 100 brands x 4 weeks, about a million mentions,
// built once per test process (it takes a minute or two) in a directory
// TestMain removes at exit. EARSHOT_BENCH_DB=path keeps and reuses a copy.
var bench100 struct {
	once sync.Once
	path string
	at   time.Time
	n    int
	err  error
}

func benchStore(b *testing.B) (string, time.Time, int) {
	bench100.once.Do(func() {
		start := time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)
		bench100.at = start.Add(28 * 24 * time.Hour)
		bench100.n = 1000944 // what the seeded simulation below puts
		if p := os.Getenv("EARSHOT_BENCH_DB"); p != "" {
			bench100.path = p
			if _, err := os.Stat(p); err == nil {
				return
			}
		} else {
			dir, err := os.MkdirTemp("", "earshot-alerts-bench")
			if err != nil {
				bench100.err = err
				return
			}
			benchDir = dir
			bench100.path = filepath.Join(dir, "bench.db")
		}
		bench100.n = 0
		db, err := store.Open(bench100.path, store.Options{})
		if err != nil {
			bench100.err = err
			return
		}
		defer db.Close()
		r := rand.New(rand.NewPCG(8, 9))
		brands := make([]string, 100)
		for i := range brands {
			brands[i] = fmt.Sprintf("brand%03d", i)
		}
		for day := range 28 { // a day at a time keeps memory small
			ms := simMentions(r, brands, start.Add(time.Duration(day)*24*time.Hour), 24, 1.5, 13.4, time.Time{}, 0)
			bench100.n += len(ms)
			for i := 0; i < len(ms); i += 5000 {
				if _, err := db.PutMentions(ms[i:min(i+5000, len(ms))]); err != nil {
					bench100.err = err
					return
				}
			}
		}
	})
	if bench100.err != nil {
		b.Fatalf("build benchmark store: %v", bench100.err)
	}
	return bench100.path, bench100.at, bench100.n
}

// benchDir is removed by TestMain after the tests and benchmarks ran.
var benchDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}
