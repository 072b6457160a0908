package pipeline_test

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/earshot/earshot/crawler"
	"github.com/earshot/earshot/crawler/query"
	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/internal/pipeline"
	"github.com/earshot/earshot/sentiment"
	"github.com/earshot/earshot/store"
)

// scripted is a crawler.Source that returns prepared batches, one per Fetch,
// and records the state it was given.
type scripted struct {
	name    string
	batches []crawler.Batch
	errs    []error
	seen    []model.SourceState
}

func (s *scripted) Name() string { return s.name }

func (s *scripted) Fetch(_ context.Context, st model.SourceState) (crawler.Batch, error) {
	s.seen = append(s.seen, st)
	i := len(s.seen) - 1
	if i < len(s.errs) && s.errs[i] != nil {
		return crawler.Batch{}, s.errs[i]
	}
	return s.batches[i], nil
}

var t0 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

func mention(id, text string, brands ...string) model.Mention {
	return model.Mention{ID: id, Source: "news", Text: text, Brands: brands, PublishedAt: t0, FetchedAt: t0}
}

func setup(t *testing.T) (*pipeline.Pipeline, *store.DB) {
	return setupLogged(t, nil)
}

// setupLogged is setup with the pipeline's logger.
func setupLogged(t *testing.T, logger *slog.Logger) (*pipeline.Pipeline, *store.DB) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "p.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	an, err := sentiment.New(sentiment.Options{})
	if err != nil {
		t.Fatal(err)
	}
	acme, _ := query.Parse(`acme NOT "acme anvils"`)
	globex, _ := query.Parse(`globex`)
	m := query.NewMatcher(map[string]*query.Query{"Acme": acme, "Globex": globex})
	p := pipeline.New(pipeline.Options{Store: db, Analyzer: an, Matcher: m, Logger: logger, Now: func() time.Time { return t0.Add(time.Hour) }})
	return p, db
}

func TestRunMatchesScoresAndStoresWithCursor(t *testing.T) {
	p, db := setup(t)
	src := &scripted{name: "news", batches: []crawler.Batch{{
		Mentions: []model.Mention{
			mention("1", "Acme lost my parcel again, terrible service"),
			mention("2", "Globex and Acme both have great prices"),
			mention("3", "Acme anvils are heavy"),                       // excluded by NOT
			mention("1", "Acme lost my parcel again, terrible service"), // duplicate in batch
			mention("4", "Bound to a brand already", "Initech"),
		},
		State: model.SourceState{Cursor: "c-42", ETag: `"v1"`},
	}}}
	sum, err := p.Run(context.Background(), src, "")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Fetched != 5 || sum.New != 3 || sum.Unmatched != 1 || sum.Duplicates != 1 {
		t.Errorf("summary = %+v, want fetched 5, new 3, unmatched 1, duplicates 1", sum)
	}
	if sum.PerBrand["Acme"] != 2 || sum.PerBrand["Globex"] != 1 || sum.PerBrand["Initech"] != 1 {
		t.Errorf("per brand = %v", sum.PerBrand)
	}
	m, err := db.Mention("1")
	if err != nil {
		t.Fatal(err)
	}
	if m.Analysis == nil || m.Analysis.Label != model.Negative || m.Lang != "en" {
		t.Errorf("mention 1 analysis = %+v lang %q, want negative en", m.Analysis, m.Lang)
	}
	if ok, _ := db.HasMention("3"); ok {
		t.Error("unmatched mention 3 was stored")
	}
	st, _ := db.SourceState("news")
	if st.Cursor != "c-42" || st.ETag != `"v1"` || st.LastSuccess.IsZero() || st.LastNewMention.IsZero() {
		t.Errorf("state = %+v, want the batch's cursor and a success", st)
	}
}

func TestRunRecordsFailuresAndResetsOnSuccess(t *testing.T) {
	p, db := setup(t)
	boom := errors.New("connection refused")
	src := &scripted{name: "news",
		errs:    []error{boom, boom, nil},
		batches: []crawler.Batch{{}, {}, {Mentions: []model.Mention{mention("9", "acme is fine")}, State: model.SourceState{Cursor: "after"}}},
	}
	for i := 0; i < 2; i++ {
		if _, err := p.Run(context.Background(), src, ""); !errors.Is(err, boom) {
			t.Fatalf("run %d err = %v, want the fetch error", i, err)
		}
	}
	st, _ := db.SourceState("news")
	if st.ConsecutiveFailures != 2 || st.LastError == "" {
		t.Fatalf("after two failures state = %+v", st)
	}
	runs, _ := db.CrawlRuns("news", t0.Add(-24*time.Hour), t0.Add(24*time.Hour))
	if len(runs) != 2 || runs[0].Err == "" {
		t.Fatalf("runs = %+v, want two failed runs", runs)
	}
	if _, err := p.Run(context.Background(), src, ""); err != nil {
		t.Fatal(err)
	}
	st, _ = db.SourceState("news")
	if st.ConsecutiveFailures != 0 || st.LastError != "" || st.Cursor != "after" {
		t.Errorf("after success state = %+v", st)
	}
	if src.seen[2].ConsecutiveFailures != 2 {
		t.Errorf("the source was not given its stored state: %+v", src.seen[2])
	}
}

func TestRerunIsIdempotent(t *testing.T) {
	p, db := setup(t)
	b := crawler.Batch{Mentions: []model.Mention{mention("a", "acme rocks"), mention("b", "globex is slow")}}
	src := &scripted{name: "news", batches: []crawler.Batch{b, b}}
	p.Run(context.Background(), src, "")
	sum, err := p.Run(context.Background(), src, "")
	if err != nil || sum.New != 0 || sum.Duplicates != 2 {
		t.Fatalf("second run = %+v, %v; want 0 new, 2 duplicates", sum, err)
	}
	buckets, _ := db.Buckets("Acme", "", t0.Add(-time.Hour), t0.Add(time.Hour))
	if len(buckets) != 1 || buckets[0].Total() != 1 {
		t.Errorf("Acme buckets = %+v, want one mention counted once", buckets)
	}
}

func TestLastNewMentionMovesOnlyWhenSomethingIsNew(t *testing.T) {
	_, db := setup(t)
	an, _ := sentiment.New(sentiment.Options{})
	now := t0
	p := pipeline.New(pipeline.Options{Store: db, Analyzer: an, Now: func() time.Time { return now }})
	b := crawler.Batch{Mentions: []model.Mention{mention("a", "acme rocks", "Acme")}}
	src := &scripted{name: "news", batches: []crawler.Batch{b, b}}
	if _, err := p.Run(context.Background(), src, ""); err != nil {
		t.Fatal(err)
	}
	now = t0.Add(6 * time.Hour)
	if _, err := p.Run(context.Background(), src, ""); err != nil {
		t.Fatal(err)
	}
	st, _ := db.SourceState("news")
	if !st.LastNewMention.Equal(t0) || !st.LastSuccess.Equal(now) {
		t.Errorf("state = last new %v, last success %v; want %v and %v", st.LastNewMention, st.LastSuccess, t0, now)
	}
}
