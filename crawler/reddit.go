package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/earshot/earshot/internal/model"
)

// redditPage is how many things one request asks for (the API's maximum).
const redditPage = 100

// redditSource reads Reddit's JSON endpoints: a search (/search.json), a
// subreddit listing (/r/<sub>/new.json) or a search inside a subreddit.
// Requests carry the fetcher's descriptive User-Agent, which Reddit requires.
//
// The cursor is "<created_utc> <fullname>[,<fullname>…]": the newest creation
// second seen and the things seen in it. Paging uses `after`; a run stops at
// the first page that reaches the cursor. A timestamp rather than a bare
// `before=<fullname>` anchor keeps working when that post is deleted.
type redditSource struct {
	*base
	api   string
	query string
	sort  string
}

var _ Source = (*redditSource)(nil)

func newReddit(b *base) (Source, error) {
	api, err := b.apiBase("https://www.reddit.com")
	if err != nil {
		return nil, err
	}
	s := &redditSource{base: b, api: api, query: strings.TrimSpace(b.src.Query), sort: b.src.Sort}
	if s.sort == "" {
		s.sort = "new"
	}
	switch {
	case b.src.Subreddit == "" && s.query == "":
		return nil, b.errorf("%w: set subreddit (a listing) or query (a search)", ErrBadSource)
	case s.query == "" && !slices.Contains([]string{"new", "hot", "top", "rising"}, s.sort):
		return nil, b.errorf("%w: sort %q does not apply to a subreddit listing (new, hot, top or rising)", ErrBadSource, s.sort)
	case s.query != "" && !slices.Contains([]string{"new", "hot", "top", "relevance", "comments"}, s.sort):
		return nil, b.errorf("%w: sort %q is not a Reddit search order (new, hot, top, relevance or comments)", ErrBadSource, s.sort)
	}
	return s, nil
}

// pageURL is the first page's URL, or the page after the fullname `after`.
func (s *redditSource) pageURL(after string) string {
	v := url.Values{"limit": {strconv.Itoa(redditPage)}}
	path := "/search.json"
	sub := url.PathEscape(strings.TrimPrefix(s.src.Subreddit, "r/"))
	switch {
	case s.query != "" && sub != "":
		path = "/r/" + sub + "/search.json"
		v.Set("restrict_sr", "on")
	case sub != "":
		path = "/r/" + sub + "/" + s.sort + ".json"
	}
	if s.query != "" {
		v.Set("q", s.query)
		v.Set("sort", s.sort)
	}
	if after != "" {
		v.Set("after", after)
	}
	return s.api + path + "?" + v.Encode()
}

// Fetch returns the posts (t3) and comments (t1) newer than the cursor.
func (s *redditSource) Fetch(ctx context.Context, state model.SourceState) (Batch, error) {
	batch := s.apiBatch(state)
	cur, err := parseRedditCursor(state.Cursor)
	if err != nil {
		batch.Warnings = append(batch.Warnings, err.Error()+"; starting afresh")
	}
	newest := cur
	after, seen, reached := "", map[string]bool{}, false
	for batch.Pages < max(s.set.maxPages, 1) {
		var items []redditItem
		next := s.pageURL(after)
		_, err := s.getJSON(ctx, next, nil, func(b []byte) (err error) {
			items, after, err = decodeRedditListing(b)
			return err
		})
		if err != nil {
			return batch, pageFailed(&batch, s.explain(err))
		}
		batch.Pages++
		reached = s.add(&batch, items, cur, &newest, seen)
		// Only the "new" order is a stream worth paging back through.
		if reached || after == "" || s.sort != "new" {
			break
		}
	}
	if after != "" && !reached && s.sort == "new" && cur.sec > 0 && batch.Pages >= max(s.set.maxPages, 1) {
		batch.Warnings = append(batch.Warnings, maxPagesWarning(s.set.maxPages, time.Unix(cur.sec, 0).UTC()))
	}
	batch.State.Cursor = newest.String()
	return batch, nil
}

// add keeps the things newer than cur and reports whether the page reached
// it (so older pages need not be read). Stickied posts are pinned out of
// order and never end the paging.
func (s *redditSource) add(batch *Batch, items []redditItem, cur redditCursor, newest *redditCursor, seen map[string]bool) bool {
	fetched := s.now().UTC()
	reached := false
	for _, it := range items {
		if it.Name == "" || seen[it.Name] || removed(it) {
			continue
		}
		// Only the "new" stream is in time order: hot, top and rising list
		// older posts as they rise, so the cursor must not filter them (ids
		// keep them from being stored twice).
		if s.sort == "new" && !cur.before(it) {
			reached = reached || !it.Stickied
			continue
		}
		seen[it.Name] = true
		newest.advance(it)
		batch.Mentions = append(batch.Mentions, s.mention(it, fetched))
	}
	return reached
}

// removed is a comment whose text the moderators or its author took away;
// a removed post keeps its title, which is still what people saw.
func removed(it redditItem) bool {
	return it.Kind == "t1" && removedText(it.Body)
}

func removedText(s string) bool {
	s = strings.TrimSpace(s)
	return s == "[removed]" || s == "[deleted]"
}

// mention maps a post or a comment; Reddit escapes HTML in titles and
// bodies (we do not ask for raw_json), so CleanText decodes the entities.
func (s *redditSource) mention(it redditItem, fetched time.Time) model.Mention {
	m := s.base.mention(it.Name, fetched)
	m.Author = it.Author
	m.PublishedAt = it.created()
	m.URL = s.api + it.Permalink
	if it.Kind == "t1" {
		m.Title = cleanLine(it.LinkTitle)
		m.Text = CleanText(it.Body)
		if it.Permalink == "" { // older comment shapes have no permalink
			m.URL = fmt.Sprintf("%s/comments/%s/_/%s/", s.api, strings.TrimPrefix(it.LinkID, "t3_"), it.ID)
		}
		return m
	}
	m.Title = cleanLine(it.Title)
	if !removedText(it.Selftext) {
		m.Text = CleanText(it.Selftext)
	}
	return m
}

// explain adds what to do when Reddit's robots.txt refuses earshot, which it
// does for every crawler it has not approved: the generic message names the
// file and the setting; this says why it happens and what the choices are.
func (s *redditSource) explain(err error) error {
	if !errors.Is(err, ErrRobotsDisallowed) {
		return err
	}
	return fmt.Errorf("%w. Reddit's robots.txt disallows crawlers it has not approved, earshot included: "+
		"disable this source unless Reddit allows your use (its Data API terms); "+
		"note that crawl.respect_robots applies to every source, not just this one", err)
}
