package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/earshot/earshot/internal/model"
)

const (
	// blueskyPage is how many posts one request asks for (the lexicon's maximum).
	blueskyPage = 100
	// blueskyPublicAPI serves searchPosts without an account; blueskyPDS
	// is where accounts log in (it proxies searchPosts to the AppView).
	blueskyPublicAPI = "https://public.api.bsky.app"
	blueskyPDS       = "https://bsky.social"
)

// blueskySource searches posts with app.bsky.feed.searchPosts, newest first.
// The cursor is the newest indexedAt seen: it goes out as `since` and posts
// not newer are dropped; the response's own cursor pages within a run.
// With identifier_env and password_env it logs in (createSession) and sends
// the access token; the session is kept for later runs and renewed once
// when the server refuses it.
type blueskySource struct {
	*base
	api   string
	query string

	mu  sync.Mutex
	jwt string // access token of the current session; "" before login
}

var _ Source = (*blueskySource)(nil)

func newBluesky(b *base) (Source, error) {
	def := blueskyPublicAPI
	if b.src.Identifier != "" || b.src.Password != "" {
		if b.src.Identifier == "" || b.src.Password == "" {
			return nil, b.errorf("%w: logging in needs both identifier_env and password_env set in the environment", ErrBadSource)
		}
		def = blueskyPDS
	}
	api, err := b.apiBase(def)
	if err != nil {
		return nil, err
	}
	q, err := b.searchQuery()
	if err != nil {
		return nil, err
	}
	// XRPC is an API for programs on API hosts (public.api.bsky.app, a PDS):
	// robots.txt is not asked (see "robots.txt and the API sources", api.go).
	b.fetch.obeyRobots = false
	return &blueskySource{base: b, api: api, query: q}, nil
}

// Fetch returns the posts indexed after the cursor.
func (s *blueskySource) Fetch(ctx context.Context, state model.SourceState) (Batch, error) {
	batch := s.apiBatch(state)
	since, err := time.Parse(time.RFC3339Nano, state.Cursor)
	if err != nil && state.Cursor != "" {
		batch.Warnings = append(batch.Warnings, fmt.Sprintf("cursor %q is not an RFC 3339 time; starting afresh", state.Cursor))
	}
	newest, page, reached, more := since, "", false, false
	for batch.Pages < max(s.set.maxPages, 1) {
		res, err := s.search(ctx, since, page)
		if err != nil {
			// A later page failed: keep what came, not the cursor (see pageFailed).
			return batch, pageFailed(&batch, err)
		}
		batch.Pages++
		reached = s.add(&batch, res.Posts, since, &newest)
		more = res.Cursor != "" && len(res.Posts) > 0
		if reached || !more || since.IsZero() {
			break // without a cursor, one page of the newest is the start
		}
		page = res.Cursor
	}
	if more && !reached && !since.IsZero() && batch.Pages >= max(s.set.maxPages, 1) {
		batch.Warnings = append(batch.Warnings, maxPagesWarning(s.set.maxPages, since))
	}
	if !newest.IsZero() {
		batch.State.Cursor = newest.UTC().Format(time.RFC3339Nano)
	}
	return batch, nil
}

// search gets one page, logging in first when configured and once more when
// the server refuses an expired session.
func (s *blueskySource) search(ctx context.Context, since time.Time, page string) (bskySearch, error) {
	v := url.Values{"q": {s.query}, "sort": {"latest"}, "limit": {strconv.Itoa(blueskyPage)}}
	if !since.IsZero() {
		v.Set("since", since.UTC().Format(time.RFC3339Nano))
	}
	if page != "" {
		v.Set("cursor", page)
	}
	u := s.api + "/xrpc/app.bsky.feed.searchPosts?" + v.Encode()
	var res bskySearch
	decode := func(b []byte) (err error) { res, err = decodeBlueskySearch(b); return err }
	hdr, err := s.authHeader(ctx, false)
	if err != nil {
		return res, err
	}
	_, err = s.getJSON(ctx, u, hdr, decode)
	var he *HTTPError
	if hdr != nil && errors.As(err, &he) && (he.Status == http.StatusUnauthorized || he.Status == http.StatusBadRequest) {
		if hdr, err = s.authHeader(ctx, true); err != nil {
			return res, err
		}
		_, err = s.getJSON(ctx, u, hdr, decode)
	}
	return res, err
}

// add keeps the posts indexed after since and reports whether the page
// reached posts already seen.
func (s *blueskySource) add(batch *Batch, posts []bskyPost, since time.Time, newest *time.Time) bool {
	fetched := s.now().UTC()
	reached := false
	for _, p := range posts {
		m, indexed, ok := s.mention(p, fetched)
		if !ok {
			batch.Warnings = append(batch.Warnings, fmt.Sprintf("post %q skipped: not an app.bsky.feed.post with a handle", p.URI))
			continue
		}
		if !since.IsZero() && !indexed.After(since) {
			reached = true
			continue
		}
		if indexed.After(*newest) {
			*newest = indexed
		}
		batch.Mentions = append(batch.Mentions, m)
	}
	return reached
}

// mention maps a post: its at:// URI is the id; the web link is
// https://bsky.app/profile/<handle>/post/<rkey>. It also returns when the
// post was indexed, for the cursor.
func (s *blueskySource) mention(p bskyPost, fetched time.Time) (model.Mention, time.Time, bool) {
	rkey := p.URI[strings.LastIndexByte(p.URI, '/')+1:]
	if !strings.HasPrefix(p.URI, "at://") || rkey == "" || p.Author.Handle == "" || p.Record.Type != "app.bsky.feed.post" {
		return model.Mention{}, time.Time{}, false
	}
	m := s.base.mention(p.URI, fetched)
	profile := p.Author.Handle
	if profile == "handle.invalid" { // an account whose handle no longer resolves
		profile = p.Author.DID
	}
	m.URL = "https://bsky.app/profile/" + url.PathEscape(profile) + "/post/" + url.PathEscape(rkey)
	m.Author = p.Author.Handle
	m.Text = cleanPlain(p.Record.Text) // post text is plain: "I <3 it" stays
	indexed, err := time.Parse(time.RFC3339Nano, p.IndexedAt)
	if err != nil {
		indexed = fetched
	}
	m.PublishedAt = indexed.UTC()
	if created, err := time.Parse(time.RFC3339Nano, p.Record.CreatedAt); err == nil {
		m.PublishedAt = created.UTC()
	}
	return m, indexed, true
}
