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

// mastodonPage is how many statuses one request asks for (the API's maximum).
const mastodonPage = 40

// mastodonSource reads one instance's hashtag timeline or status search.
// The cursor is the newest status id seen (ids are time-ordered snowflakes);
// the timeline is read forwards from it with min_id, following the Link
// header's rel="prev", so a run cut short by max_pages resumes without a gap.
type mastodonSource struct {
	*base
	api   string // instance base URL
	host  string // instance host, appended to local accounts' handles
	token string
}

var _ Source = (*mastodonSource)(nil)

func newMastodon(b *base) (Source, error) {
	if b.src.URL == "" {
		return nil, b.errorf("%w: url is required: the instance, e.g. https://mastodon.social", ErrBadSource)
	}
	api, err := b.apiBase("")
	if err != nil {
		return nil, err
	}
	if b.src.Hashtag == "" {
		if _, err := b.searchQuery(); err != nil {
			return nil, b.errorf("%w: set hashtag (a tag timeline) or query (a search)", ErrBadSource)
		}
	}
	u, _ := url.Parse(api)
	return &mastodonSource{base: b, api: api, host: u.Host, token: b.src.Token.Reveal()}, nil
}

// Fetch returns the statuses newer than the cursor.
func (s *mastodonSource) Fetch(ctx context.Context, state model.SourceState) (Batch, error) {
	batch := s.apiBatch(state)
	seen := map[string]bool{}
	var err error
	if s.src.Hashtag != "" {
		err = s.timeline(ctx, &batch, seen)
	} else {
		err = s.search(ctx, &batch, seen)
	}
	return batch, err
}

// timeline reads /api/v1/timelines/tag/:tag. Without a cursor it takes the
// newest page only; with one it walks forwards from min_id to the present.
func (s *mastodonSource) timeline(ctx context.Context, batch *Batch, seen map[string]bool) error {
	tag := strings.TrimPrefix(strings.TrimSpace(s.src.Hashtag), "#")
	next := fmt.Sprintf("%s/api/v1/timelines/tag/%s?limit=%d", s.api, url.PathEscape(tag), mastodonPage)
	if c := batch.State.Cursor; c != "" {
		next += "&min_id=" + url.QueryEscape(c)
	}
	since := batch.State.Cursor
	for next != "" && batch.Pages < max(s.set.maxPages, 1) {
		var sts []mastodonStatus
		resp, err := s.getJSON(ctx, next, bearer(s.token), func(b []byte) (err error) {
			sts, err = decodeMastodonStatuses(b)
			return err
		})
		if err != nil {
			return pageFailed(batch, err)
		}
		batch.Pages++
		s.add(batch, sts, since, seen)
		if len(sts) == 0 || since == "" {
			break
		}
		next = s.follow(batch, linkRel(resp.Header.Get("Link"), "prev"))
	}
	return nil
}

// follow returns a paging link when it stays on the instance: the request
// carries the token, which must never go to another host.
func (s *mastodonSource) follow(batch *Batch, link string) string {
	u, err := url.Parse(link)
	if link == "" || (err == nil && u.Host == s.host && (u.Scheme == "https" || u.Scheme == "http")) {
		return link
	}
	batch.Warnings = append(batch.Warnings, fmt.Sprintf("not following a paging link off the instance: %q", link))
	return ""
}

// search reads /api/v2/search?type=statuses, paging with offset while pages
// come back full. Anonymous searches return no statuses on most instances.
func (s *mastodonSource) search(ctx context.Context, batch *Batch, seen map[string]bool) error {
	q, _ := s.searchQuery()
	since := batch.State.Cursor
	v := url.Values{"q": {q}, "type": {"statuses"}, "limit": {strconv.Itoa(mastodonPage)}}
	if since != "" {
		v.Set("min_id", since)
	}
	total := 0
	for batch.Pages < max(s.set.maxPages, 1) {
		if total > 0 {
			v.Set("offset", strconv.Itoa(total))
		}
		var sts []mastodonStatus
		_, err := s.getJSON(ctx, s.api+"/api/v2/search?"+v.Encode(), bearer(s.token), func(b []byte) (err error) {
			sts, err = decodeMastodonSearch(b)
			return err
		})
		if err != nil {
			batch.State.Cursor = since // search pages are not in time order: read them all again next run
			return pageFailed(batch, err)
		}
		batch.Pages++
		total += len(sts)
		s.add(batch, sts, since, seen)
		if len(sts) < mastodonPage {
			break
		}
	}
	// Only a search that has never found anything says so: with a cursor,
	// an empty answer means nothing new since the last status seen.
	if total == 0 && s.token == "" && since == "" {
		batch.Warnings = append(batch.Warnings, "search returned no statuses and no token_env is set: most instances answer anonymous status searches with nothing")
	}
	return nil
}

// add turns statuses into mentions: reblogs become their original (once),
// statuses not newer than since (servers that ignore min_id) and non-public
// ones (a token can see its own private posts) are left out. The cursor
// advances to the newest status id seen, reblog wrappers included.
func (s *mastodonSource) add(batch *Batch, sts []mastodonStatus, since string, seen map[string]bool) {
	fetched := s.now().UTC()
	for _, st := range sts {
		if st.ID == "" || (since != "" && !snowflakeAfter(st.ID, since)) {
			continue
		}
		if snowflakeAfter(st.ID, batch.State.Cursor) {
			batch.State.Cursor = st.ID
		}
		orig := st
		if st.Reblog != nil {
			orig = *st.Reblog
		}
		if orig.Visibility == "private" || orig.Visibility == "direct" {
			continue
		}
		m := s.mention(orig, fetched)
		if seen[m.ID] {
			continue
		}
		seen[m.ID] = true
		batch.Mentions = append(batch.Mentions, m)
	}
}

// mention maps one status. Its id is the ActivityPub URI, the same on every
// instance, so one toot seen through two instances is one mention.
func (s *mastodonSource) mention(st mastodonStatus, fetched time.Time) model.Mention {
	native := st.URI
	if native == "" {
		native = "https://" + s.host + "/statuses/" + st.ID
	}
	m := s.base.mention(native, fetched)
	m.URL = firstNonEmpty(st.URL, st.URI)
	m.Author = st.Account.Acct
	if m.Author != "" && !strings.Contains(m.Author, "@") {
		m.Author += "@" + s.host // local accounts come without their domain
	}
	m.Text = CleanText(st.Content)
	if cw := oneLine(st.SpoilerText); cw != "" { // plain text in the API, unlike content: "<Pro>" is text
		m.Text = strings.TrimSpace(cw + "\n" + m.Text)
	}
	m.PublishedAt = st.CreatedAt.UTC()
	return m
}

// snowflakeAfter compares decimal ids numerically: a is newer than b.
func snowflakeAfter(a, b string) bool {
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a > b
}
