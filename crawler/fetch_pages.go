package crawler

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/unicode"

	"github.com/earshot/earshot/internal/model"
)

// pageAccept is sent for review pages.
const pageAccept = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"

// pageItem is one mention found on a page; Dated is false when the page gave
// no date and PublishedAt is the fetch time.
type pageItem struct {
	Mention model.Mention
	Dated   bool
}

// pageResult is what one page yielded.
type pageResult struct {
	Items    []pageItem
	Next     string // absolute URL of the next page, "" when none
	Warnings []string
	// Cut is true for a page that looks cut off: its last item was left
	// out, so the run keeps the cursor where it was (see crawlPages).
	Cut bool
	// Ratings are the page's aggregate ratings (jsonld).
	Ratings []model.ItemRating
}

// pageFunc extracts one fetched page.
type pageFunc func(resp *response, fetched time.Time) pageResult

// crawlPages follows a paginated review listing from src.URL, up to max_pages,
// never visiting a page twice. The cursor is the newest review date seen;
// reviews older than it are skipped, and paging stops after the first page
// that reaches them (listings are newest first). Undated reviews always
// come back: their stable ids make them duplicates, never losses. A failing
// first page fails the run; a failing later page, or one cut off, is a
// warning, and the cursor does not move, so no review behind it is skipped
// for good.
func (b *base) crawlPages(ctx context.Context, state model.SourceState, extract pageFunc) (batch Batch, err error) {
	batch = Batch{State: state}
	batch.State.Source = b.src.Name
	since, newest := b.cursor(state.Cursor, &batch)
	seenPage, seenID := map[string]bool{}, map[string]bool{}
	next, reached := b.src.URL, false
	var ratings []model.ItemRating
	defer func() {
		// A pass that saw ratings replaces the last ones; one that saw none
		// (a failed page, a page without any) keeps them.
		if len(ratings) > 0 {
			batch.State.Ratings = ratings
		}
	}()
	for next != "" && batch.Pages < max(b.set.maxPages, 1) && !seenPage[next] {
		seenPage[next] = true
		resp, err := b.fetch.get(ctx, next, http.Header{"Accept": {pageAccept}})
		if err != nil && batch.Pages == 0 {
			return batch, b.errorf("%w", err)
		}
		if err != nil {
			// The pages after it are unread: the cursor stays, so the next
			// run reads them (what this one kept comes back as duplicates).
			batch.Warnings = append(batch.Warnings, fmt.Sprintf("page %d stopped the run, keeping earlier pages and the cursor: %v", batch.Pages+1, err))
			return batch, nil
		}
		batch.Pages++
		res := extract(resp, b.now().UTC())
		batch.Warnings = append(batch.Warnings, res.Warnings...)
		ratings = addRatings(ratings, res.Ratings)
		if !b.keep(&batch, res.Items, since, &newest, seenID) {
			reached = true
			break
		}
		if res.Cut {
			// Its last item was left out: as after a failed page, the
			// cursor stays, so the next run reads the page whole (what this
			// one kept comes back as duplicates).
			return batch, nil
		}
		next = res.Next
	}
	if next != "" && !since.IsZero() && batch.Pages >= max(b.set.maxPages, 1) && !reached {
		batch.Warnings = append(batch.Warnings, maxPagesWarning(b.set.maxPages, since))
	}
	if !newest.IsZero() {
		batch.State.Cursor = newest.Format(time.RFC3339Nano)
	}
	return batch, nil
}

// addRatings adds a page's item ratings to those of the pass, once per item
// (the first page that rates it wins), up to model.MaxStateRatings.
func addRatings(all, page []model.ItemRating) []model.ItemRating {
	for _, r := range page {
		if len(all) < model.MaxStateRatings && !slices.ContainsFunc(all, func(o model.ItemRating) bool { return o.Item == r.Item }) {
			all = append(all, r)
		}
	}
	return all
}

// maxPagesWarning says that a run stopped at max_pages before it reached
// the cursor: the items between are skipped (moving on keeps the source
// from re-reading the same pages for ever), and how to avoid it.
func maxPagesWarning(maxPages int, since time.Time) string {
	return fmt.Sprintf("stopped at max_pages (%d) before reaching items from %s: items between were skipped; raise max_pages if this source has more new items per run",
		maxPages, since.Format(time.RFC3339))
}

// keep adds a page's new items to the batch and says whether paging should
// go on: not after a page that reached reviews older than the cursor.
func (b *base) keep(batch *Batch, items []pageItem, since time.Time, newest *time.Time, seen map[string]bool) bool {
	older := 0
	for _, it := range items {
		m := it.Mention
		if it.Dated && m.PublishedAt.Before(since) {
			older++
			continue
		}
		if it.Dated && m.PublishedAt.After(*newest) && !futureDated(m.PublishedAt, m.FetchedAt, &batch.Warnings, m.ID) {
			*newest = m.PublishedAt
		}
		if !seen[m.ID] {
			seen[m.ID] = true
			batch.Mentions = append(batch.Mentions, m)
		}
	}
	return older == 0
}

// cursor reads the stored cursor; an unreadable one is reported and ignored.
func (b *base) cursor(c string, batch *Batch) (since, newest time.Time) {
	t, warn := readTimeCursor(c, b.now())
	if warn != "" {
		batch.Warnings = append(batch.Warnings, warn)
	}
	return t, t
}

// readTimeCursor reads a stored time cursor. An unreadable one, or one in
// the future (stored before future dates stopped moving cursors), is
// ignored with a warning: it would skip every real item until that date.
func readTimeCursor(c string, now time.Time) (time.Time, string) {
	if c == "" {
		return time.Time{}, ""
	}
	t, err := time.Parse(time.RFC3339Nano, c)
	switch {
	case err != nil:
		return time.Time{}, fmt.Sprintf("ignoring unreadable cursor %q: %v", c, err)
	case t.Sub(now) > futureSlack:
		return time.Time{}, fmt.Sprintf("ignoring cursor %s, which is in the future: starting from the newest items again", c)
	}
	return t, ""
}

// decodeHTML converts a page to UTF-8 using the Content-Type charset, a BOM
// or a <meta charset>, the way browsers do.
func decodeHTML(resp *response) []byte {
	enc, name, _ := charset.DetermineEncoding(resp.Body, resp.Header.Get("Content-Type"))
	if name == "utf-8" || enc == unicode.UTF8 {
		return resp.Body
	}
	out, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(resp.Body)))
	if err != nil {
		return resp.Body
	}
	return out
}

// futureSlack is how far ahead of the fetch an item's date may be before it
// is called out: clocks and time zones are off by minutes, a typo by years.
const futureSlack = 24 * time.Hour

// futureDated reports whether an item published at t is dated after its
// fetch, and so must not move a time cursor: one item dated in the future
// (a typo, a wrong time zone) would put the cursor there, and every real item
// until that date would be skipped as older than the cursor. The item itself
// is kept. A date more than futureSlack ahead is called out.
func futureDated(t, fetched time.Time, warnings *[]string, id string) bool {
	if !t.After(fetched) {
		return false
	}
	if t.Sub(fetched) > futureSlack {
		*warnings = append(*warnings, fmt.Sprintf("%s is dated %s, in the future: kept, without moving the cursor", id, t.Format(time.RFC3339)))
	}
	return true
}
