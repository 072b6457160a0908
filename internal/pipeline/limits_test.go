package pipeline_test

import (
	"context"
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
