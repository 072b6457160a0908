package store_test

import (
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/store"
)

func TestPutIsIdempotent(t *testing.T) {
	db := MustOpen(t)
	g := &gen{reviews: loadReviews(t)}
	ms := g.mentions(300, base, 7*time.Minute, 450)

	first := mustPut(t, db, ms)
	if first.New != len(ms) || first.Duplicates != 0 || first.Merged != 0 || len(first.NewIDs) != len(ms) {
		t.Fatalf("first put = %+v, want %d new", first, len(ms))
	}
	statsBefore, _ := db.Stats()
	bucketsBefore, _ := db.Buckets("acme", "", time.Time{}, time.Time{})

	again := mustPut(t, db, ms)
	if again.New != 0 || again.Duplicates != len(ms) || len(again.NewIDs) != 0 {
		t.Errorf("re-put = %+v, want %d duplicates and nothing new", again, len(ms))
	}
	statsAfter, _ := db.Stats()
	bucketsAfter, _ := db.Buckets("acme", "", time.Time{}, time.Time{})
	statsBefore.FileBytes, statsAfter.FileBytes = 0, 0
	if !reflect.DeepEqual(statsBefore, statsAfter) {
		t.Errorf("Stats changed on re-put:\nbefore %+v\nafter  %+v", statsBefore, statsAfter)
	}
	if !reflect.DeepEqual(bucketsBefore, bucketsAfter) {
		t.Error("rollups changed on re-put")
	}
	if statsAfter.Mentions != len(ms) {
		t.Errorf("Stats.Mentions = %d, want %d", statsAfter.Mentions, len(ms))
	}
}

func TestPutDuplicateInsideOneBatch(t *testing.T) {
	db := MustOpen(t)
	g := &gen{reviews: loadReviews(t)}
	m := g.mention(1, base, 200)
	res := mustPut(t, db, []model.Mention{m, m})
	if res.New != 1 || res.Duplicates != 1 {
		t.Errorf("put of the same mention twice in a batch = %+v, want 1 new, 1 duplicate", res)
	}
}

func TestPutRoundTripsEveryField(t *testing.T) {
	db := MustOpen(t)
	rating := 4.5
	want := model.Mention{
		ID: "trustpilot:9f2c", Source: "trustpilot", Brands: []string{"acme"},
		URL: "https://www.trustpilot.example/reviews/9f2c", Author: "Siti Aminah", Title: "Penghantaran lambat",
		Text: "Barang sampai lewat seminggu, tapi khidmat pelanggan sangat membantu. Ծառայությունը լավն էր։",
		Lang: "ms", Rating: &rating, PublishedAt: base.Add(1234567 * time.Nanosecond), FetchedAt: base.Add(time.Hour),
		Analysis: &model.Analysis{
			Version: "v3", Lang: "ms", Scored: true, Score: -0.25, Label: model.Negative, Confidence: 0.66,
			Aspects:   []model.AspectScore{{Aspect: "delivery", Score: -0.7}, {Aspect: "support", Score: 0.5}},
			Complaint: true, Urgency: 2, RatingMismatch: true,
			Explain: []model.Contribution{{Token: "lambat", Rule: "lexicon", Weight: -0.5}, {Rule: "complaint:waiting", Weight: -0.1}},
		},
	}
	mustPut(t, db, []model.Mention{want})
	got, err := db.Mention(want.ID)
	if err != nil {
		t.Fatalf("Mention(%q): %v", want.ID, err)
	}
	want.Analysis = withoutExplain(want.Analysis) // recomputable, so not stored
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Mention(%q) =\n%+v\nwant\n%+v", want.ID, got, want)
	}
	if _, err := db.Mention("nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Mention(nope) = %v, want ErrNotFound", err)
	}
	for id, want := range map[string]bool{want.ID: true, "nope": false} {
		if got, err := db.HasMention(id); err != nil || got != want {
			t.Errorf("HasMention(%q) = %v, %v, want %v", id, got, err, want)
		}
	}
}

func TestPutRejectsInvalidBatchWhole(t *testing.T) {
	ok := model.Mention{ID: "ok", Source: "rss", Text: "fine", PublishedAt: base}
	tests := []struct {
		name string
		bad  model.Mention
	}{
		{"no id", model.Mention{Source: "rss", PublishedAt: base}},
		{"no source", model.Mention{ID: "x", PublishedAt: base}},
		{"no publish time", model.Mention{ID: "x", Source: "rss"}},
		{"empty brand", model.Mention{ID: "x", Source: "rss", PublishedAt: base, Brands: []string{""}}},
		{"before 1970", model.Mention{ID: "x", Source: "rss", PublishedAt: time.Date(1969, 1, 1, 0, 0, 0, 0, time.UTC)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := MustOpen(t)
			_, err := db.PutMentions([]model.Mention{ok, tt.bad})
			if !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("PutMentions(%s) = %v, want ErrInvalid", tt.name, err)
			}
			if has, _ := db.HasMention("ok"); has {
				t.Error("the valid mention of a rejected batch was stored")
			}
		})
	}
}

func TestPutBatchStoresStatesAndRuns(t *testing.T) {
	db := MustOpen(t)
	g := &gen{reviews: loadReviews(t)}
	state := model.SourceState{Source: "reddit", Cursor: "t3_abc", LastRun: base, LastSuccess: base}
	run := model.CrawlRun{Source: "reddit", Started: base, Finished: base.Add(time.Second), Fetched: 5, New: 5}
	if _, err := db.PutBatch(store.Batch{Mentions: g.mentions(5, base, time.Minute, 100), States: []model.SourceState{state}, Runs: []model.CrawlRun{run}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.SourceState("reddit"); !reflect.DeepEqual(got, state) {
		t.Errorf("SourceState = %+v, want %+v", got, state)
	}
	if got, _ := db.CrawlRuns("reddit", time.Time{}, time.Time{}); len(got) != 1 || !reflect.DeepEqual(got[0], run) {
		t.Errorf("CrawlRuns = %+v, want [%+v]", got, run)
	}
}

// press is a syndicated press text, long enough (>= 80 runes) to be merged.
const press = "Acme Corp today announced a recall of its X200 kettles after reports of overheating bases. Customers should stop using the product and contact support for a full refund."

func TestSyndicatedTextIsMergedAcrossSources(t *testing.T) {
	db := MustOpen(t)
	orig := model.Mention{ID: "rss:1", Source: "rss", Brands: []string{"acme"}, Text: press, PublishedAt: base,
		Analysis: &model.Analysis{Scored: true, Label: model.Negative, Score: -0.4}}
	copy1 := model.Mention{ID: "reddit:9", Source: "reddit", Brands: []string{"acme"}, PublishedAt: base.Add(26 * time.Hour),
		Text: "  ACME Corp today announced a recall of its X200 kettles after reports of overheating bases.\n\nCustomers should stop using the product and contact support for a full refund. "}
	copy2 := model.Mention{ID: "hn:4", Source: "hackernews", Brands: []string{"acme"}, Text: press, PublishedAt: base.Add(-2 * time.Hour)}
	sameSource := model.Mention{ID: "rss:2", Source: "rss", Brands: []string{"acme"}, Text: press, PublishedAt: base.Add(time.Hour)}

	mustPut(t, db, []model.Mention{orig})
	before, _ := db.Buckets("acme", "", time.Time{}, time.Time{})
	res := mustPut(t, db, []model.Mention{copy1, copy2, sameSource})
	if res.Merged != 2 || res.New != 1 {
		t.Fatalf("put of two syndicated copies and one same-source repost = %+v, want 2 merged, 1 new", res)
	}
	got, err := db.Mention("rss:1")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"reddit", "hackernews"}; !slices.Equal(got.AlsoSeenIn, want) {
		t.Errorf("AlsoSeenIn = %v, want %v", got.AlsoSeenIn, want)
	}
	if viaCopy, _ := db.Mention("reddit:9"); viaCopy.ID != "rss:1" {
		t.Errorf("Mention(merged id) = %q, want the mention it was merged into", viaCopy.ID)
	}
	after, _ := db.Buckets("acme", "", time.Time{}, time.Time{})
	if total(after)-total(before) != 1 {
		t.Errorf("rollup total grew by %d, want 1 (only the same-source repost)", total(after)-total(before))
	}
	again := mustPut(t, db, []model.Mention{copy1, copy2})
	if again.Duplicates != 2 || again.Merged != 0 {
		t.Errorf("re-put of merged copies = %+v, want 2 duplicates", again)
	}
}

// TestSyndicatedCopyAddsItsBrands: a copy crawled for another brand gives
// the stored mention that brand, counted once in its rollups and counter.
func TestSyndicatedCopyAddsItsBrands(t *testing.T) {
	db := MustOpen(t)
	orig := model.Mention{ID: "rss:1", Source: "rss", Brands: []string{"acme"}, Text: press, PublishedAt: base.Add(90 * time.Minute),
		Analysis: &model.Analysis{Scored: true, Label: model.Negative, Score: -0.4, Complaint: true}}
	viaReddit := model.Mention{ID: "reddit:9", Source: "reddit", Brands: []string{"globex", "acme", "globex"}, Text: press, PublishedAt: base.Add(3 * time.Hour)}
	viaHN := model.Mention{ID: "hn:4", Source: "hackernews", Brands: []string{"globex"}, Text: press, PublishedAt: base}
	mustPut(t, db, []model.Mention{orig})
	acmeBefore, _ := db.Buckets("acme", "", time.Time{}, time.Time{})
	for _, batch := range [][]model.Mention{{viaReddit}, {viaReddit, viaHN}} {
		mustPut(t, db, batch)
	}
	if got, _ := db.Mention("rss:1"); !slices.Equal(got.Brands, []string{"acme", "globex"}) {
		t.Errorf("Brands after merging copies for globex = %v, want [acme globex]", got.Brands)
	}
	hour := base.Add(time.Hour)
	want := model.Bucket{Brand: "globex", Hour: hour, ScoreSum: -0.4, Complaints: 1}
	want.Counts[model.Negative.Index()] = 1
	wantRSS := want
	wantRSS.Source = "rss"
	for _, tt := range []struct {
		source string
		want   []model.Bucket
	}{{"", []model.Bucket{want}}, {"rss", []model.Bucket{wantRSS}}, {"reddit", nil}, {"hackernews", nil}} {
		if got, err := db.Buckets("globex", tt.source, time.Time{}, time.Time{}); err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Buckets(globex, %q) = %+v, %v; want %+v", tt.source, got, err, tt.want)
		}
	}
	if acme, _ := db.Buckets("acme", "", time.Time{}, time.Time{}); !reflect.DeepEqual(acme, acmeBefore) {
		t.Errorf("Buckets(acme) = %+v, want unchanged %+v", acme, acmeBefore)
	}
	page, err := db.Mentions(store.Query{Brand: "globex"})
	if err != nil || len(page.Mentions) != 1 || page.Mentions[0].ID != "rss:1" {
		t.Errorf("Mentions(brand globex) = %+v, %v; want [rss:1]", page.Mentions, err)
	}
	st, _ := db.Stats()
	if st.Mentions != 1 || st.ByBrand["globex"] != 1 || st.ByBrand["acme"] != 1 {
		t.Errorf("Stats = %d mentions, by brand %v; want 1, acme 1, globex 1", st.Mentions, st.ByBrand)
	}
}

func TestShortAndDistantTextsAreNotMerged(t *testing.T) {
	db := MustOpen(t)
	short := "Great kettle, works perfectly and boils fast!" // < 80 runes: independent opinions
	ms := []model.Mention{
		{ID: "a", Source: "rss", Text: short, PublishedAt: base},
		{ID: "b", Source: "reddit", Text: short, PublishedAt: base},
		{ID: "c", Source: "rss", Text: press, PublishedAt: base},
		{ID: "d", Source: "reddit", Text: press, PublishedAt: base.Add(60 * 24 * time.Hour)}, // two months later
		{ID: "e", Source: "mastodon", Text: strings.Replace(press, "X200", "X300", 1), PublishedAt: base},
	}
	res := mustPut(t, db, ms)
	if res.New != len(ms) || res.Merged != 0 {
		t.Errorf("put = %+v, want all %d new", res, len(ms))
	}
}

func total(bs []model.Bucket) int64 {
	var n int64
	for i := range bs {
		n += bs[i].Total()
	}
	return n
}

func TestSyndicationSurvivesReopenAndFarBatches(t *testing.T) {
	path := filepath.Join(t.TempDir(), "earshot.db")
	open := func() *store.DB {
		db, err := store.Open(path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
	db := open()
	mustPut(t, db, []model.Mention{{ID: "rss:1", Source: "rss", Brands: []string{"acme"}, Text: press, PublishedAt: base}})
	db.Close()

	db = open() // the lookup cache starts empty and must load from the file
	defer db.Close()
	far := model.Mention{ID: "rss:far", Source: "rss", Text: press + " (anniversary repost)", PublishedAt: base.Add(200 * 24 * time.Hour)}
	near := model.Mention{ID: "reddit:1", Source: "reddit", Text: press, PublishedAt: base.Add(5 * 24 * time.Hour)}
	for _, batch := range [][]model.Mention{{far}, {near}} { // the far batch moves the cache away first
		mustPut(t, db, batch)
	}
	got, err := db.Mention("rss:1")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.AlsoSeenIn, []string{"reddit"}) {
		t.Errorf("AlsoSeenIn after reopen = %v, want [reddit]", got.AlsoSeenIn)
	}
}

// TestPutBatchesKeepEarlierRecords: write transactions reuse their arena
// blocks once committed, so every mention of earlier batches must still read
// back exactly after later batches have been written (and one rejected).
func TestPutBatchesKeepEarlierRecords(t *testing.T) {
	db := MustOpen(t)
	g := &gen{reviews: loadReviews(t)}
	var all []model.Mention
	for i := range 4 {
		ms := g.mentions(300, base.Add(time.Duration(i)*time.Hour), time.Second, 450)
		if res := mustPut(t, db, ms); res.New != len(ms) {
			t.Fatalf("batch %d: New = %d, want %d", i, res.New, len(ms))
		}
		all = append(all, ms...)
		bad := append(g.mentions(5, base, time.Second, 450), model.Mention{ID: "no source", PublishedAt: base})
		if _, err := db.PutMentions(bad); err == nil {
			t.Fatalf("batch %d: PutMentions with an invalid mention succeeded", i)
		}
	}
	for _, want := range all {
		got, err := db.Mention(want.ID)
		want.Analysis = withoutExplain(want.Analysis)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("Mention(%q) =\n%+v, %v\nwant\n%+v", want.ID, got, err, want)
		}
	}
}
