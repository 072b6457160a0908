package crawler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
)

// fakeAlgolia answers search_by_date over hits like Algolia: the filter
// created_at_i>lo,created_at_i<=hi, newest first, at most hitsPerPage (and
// never more than 1,000) served, nbHits counting them all.
func fakeAlgolia(t *testing.T, hits []map[string]any) *fakeAPI {
	return newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		var lo, hi int64
		if _, err := fmt.Sscanf(r.URL.Query().Get("numericFilters"), "created_at_i>%d,created_at_i<=%d", &lo, &hi); err != nil {
			http.Error(w, `{"message":"bad numericFilters"}`, http.StatusBadRequest)
			return
		}
		per, _ := strconv.Atoi(r.URL.Query().Get("hitsPerPage"))
		in := []map[string]any{}
		for _, h := range hits {
			if c := int64(h["created_at_i"].(float64)); c > lo && c <= hi {
				in = append(in, h)
			}
		}
		slices.SortStableFunc(in, func(a, b map[string]any) int {
			return int(b["created_at_i"].(float64) - a["created_at_i"].(float64))
		})
		res := map[string]any{"hits": in[:min(len(in), per, 1000)], "nbHits": len(in), "page": 0, "hitsPerPage": per}
		body, _ := json.Marshal(res)
		serveJSON(w, body)
	})
}

func hnFixtureHits(t *testing.T) []map[string]any {
	var res struct{ Hits []map[string]any }
	if err := json.Unmarshal(apiFixture(t, "hackernews/search_by_date.json"), &res); err != nil {
		t.Fatal(err)
	}
	return res.Hits
}

func TestHackerNewsSearch(t *testing.T) {
	f := fakeAlgolia(t, hnFixtureHits(t))
	s := f.source(config.Source{Name: "hn", Type: "hackernews", Query: "yc"}, apiCrawl(), Options{})
	b := fetch(t, s, "1175714199")

	reqs := f.requests()
	q := reqs[0].Query
	wantFilter := fmt.Sprintf("created_at_i>1175714199,created_at_i<=%d", apiNow.Unix())
	if len(reqs) != 1 || reqs[0].Path != "/search_by_date" || q.Get("query") != "yc" || q.Get("tags") != "(story,comment)" ||
		q.Get("numericFilters") != wantFilter || q.Get("hitsPerPage") != "1000" {
		t.Fatalf("requests = %+v, want one search_by_date?query=yc&tags=(story,comment)&numericFilters=%s", reqs, wantFilter)
	}
	checkCommonHeaders(t, reqs, "")
	if len(b.Mentions) != 3 {
		t.Fatalf("got %d mentions, want 3", len(b.Mentions))
	}
	checkAPIMention(t, b.Mentions[0], model.Mention{
		ID: "hackernews:2921983", Source: "hn", Author: "norvig", URL: "https://news.ycombinator.com/item?id=2921983",
		Title:       "Ask HN: Peter Norvig's AI class",
		Text:        "Aw shucks, guys ... you make me blush with your compliments.\nTell you what, Ill make a deal: I'll keep writing if you keep reading. K?",
		PublishedAt: time.Unix(1314211127, 0).UTC(),
	})
	ask := b.Mentions[1]
	if ask.Title != "Ask HN: The Arc Effect" || !strings.HasPrefix(ask.Text, "or HN: the Next Iteration\nI get the impression") {
		t.Errorf("Ask HN = %q / %q, want its title and story_text without tags", ask.Title, ask.Text[:40])
	}
	checkAPIMention(t, b.Mentions[2], model.Mention{
		ID: "hackernews:8863", Source: "hn", Author: "dhouston", URL: "https://news.ycombinator.com/item?id=8863",
		Title:       "My YC app: Dropbox - Throw away your USB drive",
		Text:        "My YC app: Dropbox - Throw away your USB drive", // a link story's text is its title
		PublishedAt: time.Unix(1175714200, 0).UTC(),
	})
	if b.State.Cursor != "1314211127" {
		t.Errorf("cursor = %q, want the newest created_at_i 1314211127", b.State.Cursor)
	}
	again := fetch(t, s, b.State.Cursor)
	if len(again.Mentions) != 0 || again.State.Cursor != b.State.Cursor {
		t.Errorf("second run: %v, cursor %q; want nothing new, cursor kept", ids(again.Mentions), again.State.Cursor)
	}
}

func TestHackerNewsFirstRunLooksBackADay(t *testing.T) {
	f := fakeAlgolia(t, nil)
	b := fetch(t, f.source(config.Source{Name: "hn", Type: "hackernews", Query: "acme"}, apiCrawl(), Options{}), "")
	want := fmt.Sprintf("created_at_i>%d,created_at_i<=%d", apiNow.Add(-24*time.Hour).Unix(), apiNow.Unix())
	if got := f.requests()[0].Query.Get("numericFilters"); got != want {
		t.Errorf("numericFilters = %q, want %q", got, want)
	}
	if b.State.Cursor != "" {
		t.Errorf("cursor = %q after finding nothing on a first run, want none", b.State.Cursor)
	}
}

// burst is n comments, one every step seconds ending at end, in Algolia's shape.
func burst(n int, end time.Time, step int64) []map[string]any {
	hits := make([]map[string]any, n)
	for i := range hits {
		at := end.Unix() - int64(i)*step
		hits[i] = map[string]any{
			"objectID": strconv.Itoa(40000000 + i), "created_at_i": float64(at), "author": "user" + strconv.Itoa(i%37),
			"comment_text": fmt.Sprintf("Acme outage, day %d: still down<p>&gt; status page says fine", i), "story_title": "Acme is down",
			"_tags": []string{"comment", "story_39999999"},
		}
	}
	return hits
}

// TestHackerNewsSlicesPast1000Hits: 2,500 hits in the window; every one must
// arrive once, through slices that each hold at most 1,000.
func TestHackerNewsSlicesPast1000Hits(t *testing.T) {
	hits := burst(2500, apiNow.Add(-time.Minute), 20)
	f := fakeAlgolia(t, hits)
	crawl := apiCrawl()
	crawl.MaxPages = 50
	since := apiNow.Add(-24 * time.Hour).Unix()
	b := fetch(t, f.source(config.Source{Name: "hn", Type: "hackernews", Query: "acme"}, crawl, Options{}), strconv.FormatInt(since, 10))

	got := ids(b.Mentions)
	slices.Sort(got)
	if len(b.Mentions) != 2500 || len(slices.Compact(got)) != 2500 {
		t.Fatalf("got %d mentions (%d distinct), want all 2500 once", len(b.Mentions), len(got))
	}
	// The slices holding at most 1,000 hits are the ones kept: they must tile
	// (since, now] exactly, and every larger one must have been halved.
	var kept []window
	for _, r := range f.requests() {
		var w window
		fmt.Sscanf(r.Query.Get("numericFilters"), "created_at_i>%d,created_at_i<=%d", &w.lo, &w.hi)
		if n := countIn(hits, w); n <= 1000 {
			kept = append(kept, w)
		}
	}
	slices.SortFunc(kept, func(a, b window) int { return int(a.lo - b.lo) })
	end := since
	for _, w := range kept {
		if w.lo != end {
			t.Errorf("kept slices %v do not tile (%d, %d]", kept, since, apiNow.Unix())
			break
		}
		end = w.hi
	}
	if end != apiNow.Unix() || len(kept) < 3 || b.Pages != len(f.requests()) {
		t.Errorf("kept slices %v end at %d after %d pages, want (%d, %d] in at least 3 slices", kept, end, b.Pages, since, apiNow.Unix())
	}
	if want := strconv.FormatInt(apiNow.Add(-time.Minute).Unix(), 10); b.State.Cursor != want {
		t.Errorf("cursor = %q, want the newest hit %s", b.State.Cursor, want)
	}
}

// TestHackerNewsMaxPagesResumes: cut short by max_pages, the next runs carry
// on from the cursor and together return every hit once.
func TestHackerNewsMaxPagesResumes(t *testing.T) {
	hits := burst(2500, apiNow.Add(-time.Minute), 20)
	f := fakeAlgolia(t, hits)
	crawl := apiCrawl()
	crawl.MaxPages = 3
	s := f.source(config.Source{Name: "hn", Type: "hackernews", Query: "acme"}, crawl, Options{})
	cursor := strconv.FormatInt(apiNow.Add(-24*time.Hour).Unix(), 10)
	seen := map[string]int{}
	for run := 0; run < 10 && len(seen) < 2500; run++ {
		b := fetch(t, s, cursor)
		for _, m := range b.Mentions {
			seen[m.ID]++
		}
		if len(b.Mentions) > 0 && !strings.Contains(strings.Join(b.Warnings, " "), "max_pages") && len(seen) < 2500 {
			t.Errorf("run %d stopped early without a max_pages warning: %q", run, b.Warnings)
		}
		cursor = b.State.Cursor
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s returned %d times, want once", id, n)
		}
	}
	if len(seen) != 2500 {
		t.Errorf("runs returned %d distinct hits, want 2500", len(seen))
	}
}

func TestHackerNewsBadResponses(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"truncated", `{"hits":[{"objectID":"1","created_at_i":17`, "not an Algolia Hacker News search result"},
		{"no hits", `{"message":"Invalid value for numericFilters","status":400}`, `no "hits" array`},
		{"wrong type", `{"hits":[{"objectID":1}],"nbHits":1}`, "cannot unmarshal number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) { serveJSON(w, []byte(tc.body)) })
			_, err := f.source(config.Source{Name: "hn", Type: "hackernews", Query: "acme"}, apiCrawl(), Options{}).
				Fetch(context.Background(), model.SourceState{})
			if !errors.Is(err, ErrBadResponse) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Fetch error = %v, want ErrBadResponse saying %q", err, tc.want)
			}
		})
	}
}

func TestHackerNewsNeedsQuery(t *testing.T) {
	if _, err := New(config.Source{Name: "hn", Type: "hackernews"}, apiCrawl(), Options{}); !errors.Is(err, ErrBadSource) {
		t.Errorf("New without query: error = %v, want ErrBadSource", err)
	}
}

// countIn counts the hits in a window.
func countIn(hits []map[string]any, w window) int {
	n := 0
	for _, h := range hits {
		if c := int64(h["created_at_i"].(float64)); c > w.lo && c <= w.hi {
			n++
		}
	}
	return n
}

func TestHackerNewsORQueryMakesWordsOptional(t *testing.T) {
	f := fakeAlgolia(t, hnFixtureHits(t))
	s := f.source(config.Source{Name: "hn", Type: "hackernews", Query: `"Acme" OR "Globex Corp"`}, apiCrawl(), Options{})
	fetch(t, s, "1175714199")
	q := f.requests()[0].Query
	if q.Get("query") != "Acme Globex Corp" || q.Get("optionalWords") != "Acme Globex Corp" {
		t.Errorf("query = %q, optionalWords = %q; want every word, all optional", q.Get("query"), q.Get("optionalWords"))
	}
	fetch(t, f.source(config.Source{Name: "hn2", Type: "hackernews", Query: "yc"}, apiCrawl(), Options{}), "1175714199")
	if last := f.requests()[1].Query; last.Has("optionalWords") {
		t.Errorf("a plain query must not send optionalWords: %v", last)
	}
}
