package crawler

import (
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/earshot/earshot/internal/config"
)

// Reddit sort: hot: a post that rises into the hot listing after a run is
// returned, though it was created before the newest post that run saw (only
// the "new" stream is filtered by the time cursor).
func TestRedditHotListingKeepsRisingPosts(t *testing.T) {
	var listing map[string]any
	if err := json.Unmarshal(apiFixture(t, "reddit/subreddit.json"), &listing); err != nil {
		t.Fatal(err)
	}
	data := listing["data"].(map[string]any)
	children := data["children"].([]any)
	const rising = "t3_58qo0r" // created 1477096754, before the newest post
	var without []any
	for _, c := range children {
		if c.(map[string]any)["data"].(map[string]any)["name"] != rising {
			without = append(without, c)
		}
	}
	var mu sync.Mutex
	hot := without
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		d := map[string]any{"children": hot, "after": nil}
		body, _ := json.Marshal(map[string]any{"kind": "Listing", "data": d})
		serveJSON(w, body)
	})
	s := f.source(config.Source{Name: "r", Type: "reddit", Subreddit: "netsec", Sort: "hot"}, apiCrawl(), Options{})
	first := fetch(t, s, "")
	mu.Lock()
	hot = children // the post is now hot
	mu.Unlock()
	second := fetch(t, s, first.State.Cursor)
	t.Logf("first run %d posts, cursor %q; second run %v", len(first.Mentions), first.State.Cursor, ids(second.Mentions))
	if !slices.Contains(ids(second.Mentions), "reddit:"+rising) {
		t.Errorf("the post that rose into /hot was never returned")
	}
}
