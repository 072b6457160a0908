package pipeline_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/crawler"
	"github.com/earshot/earshot/internal/model"
)

// One crawled item outside the store's limits (a feed's placeholder 1900
// date, an id over 1,024 bytes) is skipped with a warning: it must not sink
// its batch, on every run, while it stays in the feed.
func TestOutOfRangeItemIsSkippedNotFatal(t *testing.T) {
	p, db := setup(t)
	old := mention("feed:old", "acme placeholder item")
	old.PublishedAt = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	long := mention("feed:"+strings.Repeat("x", 1100), "acme long link")
	good := mention("feed:good", "acme is great")
	b := crawler.Batch{Mentions: []model.Mention{good, old, long}, State: model.SourceState{Source: "news", Cursor: "c1"}}
	src := &scripted{name: "news", batches: []crawler.Batch{b}}
	sum, err := p.Run(context.Background(), src, "en")
	if err != nil {
		t.Fatalf("Run = %v, want the good mention stored and the bad ones skipped", err)
	}
	ok, _ := db.HasMention("feed:good")
	st, _ := db.SourceState("news")
	if !ok || sum.New != 1 || len(sum.Warnings) != 2 || st.Cursor != "c1" {
		t.Errorf("good stored %v, new %d, warnings %q, cursor %q; want the good one stored, two warnings, the cursor moved",
			ok, sum.New, sum.Warnings, st.Cursor)
	}
}

// A pass that succeeds with warnings (a redesigned page whose selectors
// match nothing, a broken JSON-LD block) says what they are, in the log and
// in the source's state for `earshot status`; a clean pass clears them.
func TestWarningsAreLoggedAndKeptInState(t *testing.T) {
	var logs strings.Builder
	p, db := setupLogged(t, slog.New(slog.NewTextHandler(&logs, nil)))
	warnings := make([]string, 7)
	for i := range warnings {
		warnings[i] = fmt.Sprintf("https://shop.example/p/%d: JSON-LD block 1 is not valid JSON", i)
	}
	src := &scripted{name: "shop", batches: []crawler.Batch{
		{Warnings: warnings, State: model.SourceState{Source: "shop"}},
		{Mentions: []model.Mention{mention("shop:1", "acme is great")}, State: model.SourceState{Source: "shop"}},
	}}
	if _, err := p.Run(context.Background(), src, "en"); err != nil {
		t.Fatal(err)
	}
	st, _ := db.SourceState("shop")
	if len(st.Warnings) != model.MaxStateWarnings || st.Warnings[0] != warnings[0] || st.LastError != "" {
		t.Errorf("state after a pass with 7 warnings: %q, error %q; want the first %d kept and no error", st.Warnings, st.LastError, model.MaxStateWarnings)
	}
	if !strings.Contains(logs.String(), warnings[0]) || !strings.Contains(logs.String(), "more=2") {
		t.Errorf("log does not say what the warnings were:\n%s", logs.String())
	}
	if _, err := p.Run(context.Background(), src, "en"); err != nil {
		t.Fatal(err)
	}
	if st, _ := db.SourceState("shop"); len(st.Warnings) != 0 {
		t.Errorf("a clean pass kept the old warnings %q", st.Warnings)
	}
}

// The item ratings a pass read are stored with its state.
func TestItemRatingsAreStored(t *testing.T) {
	p, db := setup(t)
	ratings := []model.ItemRating{{Item: "Executive Anvil", Rating: 3.5, Count: 2, URL: "https://shop.example/anvil", SeenAt: t0}}
	src := &scripted{name: "shop", batches: []crawler.Batch{{State: model.SourceState{Source: "shop", Ratings: ratings}}}}
	if _, err := p.Run(context.Background(), src, "en"); err != nil {
		t.Fatal(err)
	}
	if st, _ := db.SourceState("shop"); len(st.Ratings) != 1 || st.Ratings[0].Item != "Executive Anvil" || st.Ratings[0].Count != 2 {
		t.Errorf("stored ratings = %+v, want the pass's", st.Ratings)
	}
}
