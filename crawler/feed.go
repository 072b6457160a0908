package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html/charset"

	"github.com/earshot/earshot/internal/model"
)

// feedAccept prefers feed formats but takes what the server has.
const feedAccept = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"

// feedSource reads RSS 0.9x/1.0/2.0, Atom and JSON Feed with gofeed, using
// conditional GET and a published-time cursor.
type feedSource struct{ *base }

var _ Source = (*feedSource)(nil)

func newFeedSource(b *base) (Source, error) {
	if b.src.URL == "" {
		return nil, b.errorf("%w: url is required", ErrBadSource)
	}
	return &feedSource{b}, nil
}

// Fetch gets the feed (conditionally) and returns the items published at or
// after the cursor; undated items always come back and are deduplicated by id.
func (s *feedSource) Fetch(ctx context.Context, state model.SourceState) (Batch, error) {
	batch := Batch{State: state}
	batch.State.Source = s.src.Name
	resp, err := s.fetch.get(ctx, s.src.URL, conditional(state))
	if err != nil {
		return batch, s.errorf("%w", err)
	}
	batch.Pages = 1
	if resp.Status == http.StatusNotModified {
		batch.NotModified = true
		return batch, nil
	}
	feed, err := s.parse(resp)
	if err != nil {
		return batch, err
	}
	fetched := s.now().UTC()
	batch.Mentions, batch.State.Cursor, batch.Warnings = s.items(feed, resp.URL, state.Cursor, fetched)
	batch.State.ETag = resp.Header.Get("ETag")
	batch.State.LastModified = resp.Header.Get("Last-Modified")
	return batch, nil
}

// conditional adds the validators of the last run.
func conditional(state model.SourceState) http.Header {
	h := http.Header{"Accept": {feedAccept}}
	if state.ETag != "" {
		h.Set("If-None-Match", state.ETag)
	}
	if state.LastModified != "" {
		h.Set("If-Modified-Since", state.LastModified)
	}
	return h
}

// parse detects HTML served instead of a feed, applies a charset declared
// only in the Content-Type header, and parses with gofeed.
func (s *feedSource) parse(resp *response) (*gofeed.Feed, error) {
	body := resp.Body
	if looksLikeHTML(resp.Header.Get("Content-Type"), body) {
		return nil, withSentinel(ErrNotAFeed, "feed %s: %s returned an HTML page, not a feed (is the URL the feed's address?)", s.src.Name, resp.URL)
	}
	body, err := headerCharset(resp.Header.Get("Content-Type"), body)
	if err != nil {
		return nil, s.errorf("%s: %w: %v", resp.URL, ErrBadFeed, err)
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	switch {
	case errors.Is(err, gofeed.ErrFeedTypeNotDetected):
		return nil, withSentinel(ErrNotAFeed, "feed %s: %s returned %s, not an RSS, Atom or JSON feed", s.src.Name, resp.URL, describeBody(resp))
	case err != nil:
		return nil, s.errorf("%s: %w (truncated or malformed): %v", resp.URL, ErrBadFeed, err)
	}
	return feed, nil
}

// looksLikeHTML is true for a text/html answer or a body that starts like an
// HTML document.
func looksLikeHTML(contentType string, body []byte) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	if mt == "text/html" || mt == "application/xhtml+xml" {
		return true
	}
	head := bytes.ToLower(bytes.TrimLeft(body[:min(len(body), 512)], " \t\r\n\ufeff"))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html"))
}

// headerCharset converts an XML body whose charset is declared only by the
// Content-Type header; a prolog encoding is left to the XML parser.
func headerCharset(contentType string, body []byte) ([]byte, error) {
	_, params, _ := mime.ParseMediaType(contentType)
	cs := strings.ToLower(params["charset"])
	if cs == "" || cs == "utf-8" || cs == "utf8" || bytes.Contains(body[:min(len(body), 200)], []byte("encoding=")) {
		return body, nil
	}
	r, err := charset.NewReaderLabel(cs, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("charset %q: %w", cs, err)
	}
	return io.ReadAll(r)
}

// describeBody names what came back, for error messages.
func describeBody(resp *response) string {
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		return fmt.Sprintf("%q (%d bytes)", ct, len(resp.Body))
	}
	return fmt.Sprintf("%d bytes of unknown type", len(resp.Body))
}
