package crawler

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/earshot/earshot/internal/model"
)

const (
	// hnMaxHits is how many hits Algolia serves for one query, however it is
	// paged; a time range with more must be cut into slices.
	hnMaxHits = 1000
	// hnFirstLookback is how far back a source with no cursor starts.
	hnFirstLookback = 24 * time.Hour
	// hnItemURL is where people read an item, whatever API host is used.
	hnItemURL = "https://news.ycombinator.com/item?id="
)

// hackernewsSource searches stories and comments through the Algolia Hacker
// News API by date. The cursor is the newest created_at_i seen. A time range
// holding more than 1,000 hits is halved until every slice fits, and slices
// are read oldest first, so a run cut short by max_pages resumes where it
// stopped.
type hackernewsSource struct {
	*base
	api   string
	query string
}

var _ Source = (*hackernewsSource)(nil)

func newHackerNews(b *base) (Source, error) {
	api, err := b.apiBase("https://hn.algolia.com/api/v1")
	if err != nil {
		return nil, err
	}
	q, err := b.searchQuery()
	if err != nil {
		return nil, err
	}
	// Algolia's search API is for programs, on its own host: robots.txt is
	// not asked (see "robots.txt and the API sources", api.go).
	b.fetch.obeyRobots = false
	return &hackernewsSource{base: b, api: api, query: q}, nil
}

// window is a time slice (lo, hi] in Unix seconds.
type window struct{ lo, hi int64 }

// Fetch returns the stories and comments created after the cursor.
func (s *hackernewsSource) Fetch(ctx context.Context, state model.SourceState) (Batch, error) {
	batch := s.apiBatch(state)
	now := s.now().Unix()
	since := s.since(&batch, now)
	newest, err := s.crawl(ctx, &batch, window{since, max(now, since)})
	if err != nil {
		return batch, err
	}
	if newest > since || state.Cursor != "" {
		batch.State.Cursor = strconv.FormatInt(newest, 10)
	}
	return batch, nil
}

// since is the cursor, or a day ago for a first run (or a cursor gone bad).
func (s *hackernewsSource) since(batch *Batch, now int64) int64 {
	since, err := strconv.ParseInt(batch.State.Cursor, 10, 64)
	if err == nil {
		return since
	}
	if batch.State.Cursor != "" {
		batch.Warnings = append(batch.Warnings, fmt.Sprintf("cursor %q is not a Unix time; starting afresh", batch.State.Cursor))
	}
	return now - int64(hnFirstLookback/time.Second)
}

// crawl reads the window oldest slice first, halving any slice with more
// hits than Algolia serves, and returns the newest created_at_i of the
// slices read in full; a slice cut short is read again by the next run.
func (s *hackernewsSource) crawl(ctx context.Context, batch *Batch, all window) (int64, error) {
	newest := all.lo
	for work := []window{all}; len(work) > 0; {
		if batch.Pages >= max(s.set.maxPages, 1) {
			batch.Warnings = append(batch.Warnings, fmt.Sprintf("max_pages reached; the next run resumes after %s",
				time.Unix(newest, 0).UTC().Format(time.RFC3339)))
			break
		}
		w := work[0]
		res, err := s.slice(ctx, w)
		if err != nil {
			return newest, pageFailed(batch, err)
		}
		batch.Pages++
		if res.NbHits > len(res.Hits) && w.hi-w.lo > 1 {
			mid := w.lo + (w.hi-w.lo)/2
			work = append([]window{{w.lo, mid}, {mid, w.hi}}, work[1:]...)
			continue
		}
		if res.NbHits > len(res.Hits) {
			batch.Warnings = append(batch.Warnings, fmt.Sprintf("%d hits in the one second %s; kept %d",
				res.NbHits, time.Unix(w.hi, 0).UTC().Format(time.RFC3339), len(res.Hits)))
		}
		s.add(batch, res.Hits, &newest)
		work = work[1:]
	}
	return newest, nil
}

// slice fetches the hits of one window, newest first.
func (s *hackernewsSource) slice(ctx context.Context, w window) (hnResult, error) {
	v := url.Values{
		"query":          {s.query},
		"tags":           {"(story,comment)"},
		"numericFilters": {fmt.Sprintf("created_at_i>%d,created_at_i<=%d", w.lo, w.hi)},
		"hitsPerPage":    {strconv.Itoa(hnMaxHits)},
	}
	if words := orTerms(s.query); words != "" {
		// Algolia has no OR: it requires every word unless told they are optional.
		v.Set("query", words)
		v.Set("optionalWords", words)
	}
	var res hnResult
	_, err := s.getJSON(ctx, s.api+"/search_by_date?"+v.Encode(), nil, func(b []byte) (err error) {
		res, err = decodeHNSearch(b)
		return err
	})
	return res, err
}

// add maps hits to mentions and advances newest.
func (s *hackernewsSource) add(batch *Batch, hits []hnHit, newest *int64) {
	fetched := s.now().UTC()
	for _, h := range hits {
		if h.ObjectID == "" {
			batch.Warnings = append(batch.Warnings, "a hit without objectID was skipped")
			continue
		}
		*newest = max(*newest, h.CreatedAtI)
		batch.Mentions = append(batch.Mentions, s.mention(h, fetched))
	}
}

// mention maps a story or a comment. A link story has no text of its own, so
// its title is its text.
func (s *hackernewsSource) mention(h hnHit, fetched time.Time) model.Mention {
	m := s.base.mention(h.ObjectID, fetched)
	m.URL = hnItemURL + url.QueryEscape(h.ObjectID)
	m.Author = h.Author
	m.PublishedAt = time.Unix(h.CreatedAtI, 0).UTC()
	m.Title = oneLine(firstNonEmpty(h.Title, h.StoryTitle)) // plain text; only comment_text and story_text are HTML
	m.Text = CleanText(firstNonEmpty(h.CommentText, h.StoryText))
	if m.Text == "" {
		m.Text = m.Title
	}
	return m
}

// orTerms turns `"a" OR "b c"` (the default query of an unbound search) into
// the plain words "a b c"; it returns "" for a query without OR.
func orTerms(q string) string {
	parts := strings.Split(q, " OR ")
	if len(parts) < 2 {
		return ""
	}
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"`)
	}
	return strings.Join(parts, " ")
}
