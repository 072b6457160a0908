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
	"unicode/utf8"

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
	feed, repaired, err := s.parse(resp)
	if err != nil {
		return batch, err
	}
	fetched := s.now().UTC()
	batch.Mentions, batch.State.Cursor, batch.Warnings = s.items(feed, resp.URL, state.Cursor, fetched)
	if repaired > 0 {
		batch.Warnings = append(batch.Warnings, fmt.Sprintf("%s: %d invalid UTF-8 sequences replaced with U+FFFD (the feed says it is UTF-8 but is not, in places)", resp.URL, repaired))
	}
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
// only in the Content-Type header, repairs invalid UTF-8 in a UTF-8 feed
// (reporting how many sequences), and parses with gofeed.
func (s *feedSource) parse(resp *response) (feed *gofeed.Feed, repaired int, err error) {
	body := resp.Body
	if looksLikeHTML(resp.Header.Get("Content-Type"), body) {
		return nil, 0, withSentinel(ErrNotAFeed, "feed %s: %s returned an HTML page, not a feed (is the URL the feed's address?)", s.src.Name, resp.URL)
	}
	body, err = headerCharset(resp.Header.Get("Content-Type"), body)
	if err != nil {
		return nil, 0, s.errorf("%s: %w: %v", resp.URL, ErrBadFeed, err)
	}
	// One mis-encoded comment would otherwise fail the XML parser, and
	// with it every item of the feed on every run until the publisher
	// fixes it.
	body, repaired = repairUTF8(body)
	feed, err = gofeed.NewParser().Parse(bytes.NewReader(body))
	switch {
	case errors.Is(err, gofeed.ErrFeedTypeNotDetected):
		return nil, 0, withSentinel(ErrNotAFeed, "feed %s: %s returned %s, not an RSS, Atom or JSON feed", s.src.Name, resp.URL, describeBody(resp))
	case err != nil:
		return nil, 0, s.errorf("%s: %w (truncated or malformed): %v", resp.URL, ErrBadFeed, err)
	}
	return feed, repaired, nil
}

// repairUTF8 replaces invalid UTF-8 in a body that is meant to be UTF-8 (no
// XML declaration naming another encoding) with U+FFFD, and says how many
// sequences it replaced.
func repairUTF8(body []byte) ([]byte, int) {
	if utf8.Valid(body) {
		return body, 0
	}
	if enc := xmlDeclEncoding(body); enc != "" && enc != "utf-8" && enc != "utf8" {
		return body, 0 // the XML parser converts it
	}
	out := make([]byte, 0, len(body)+16)
	n := 0
	for len(body) > 0 {
		r, size := utf8.DecodeRune(body)
		if r == utf8.RuneError && size == 1 {
			n++
			out = append(out, "\uFFFD"...)
		} else {
			out = append(out, body[:size]...)
		}
		body = body[size:]
	}
	return out, n
}

// xmlDeclEncoding is the lower-cased encoding an XML declaration names, or "".
func xmlDeclEncoding(body []byte) string {
	head := body[:min(len(body), 200)]
	if !bytes.HasPrefix(bytes.TrimLeft(head, "\ufeff \t\r\n"), []byte("<?xml")) {
		return ""
	}
	_, rest, ok := bytes.Cut(head, []byte("encoding="))
	if !ok || len(rest) < 2 || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	enc, _, ok := bytes.Cut(rest[1:], rest[:1])
	if !ok {
		return ""
	}
	return strings.ToLower(string(enc))
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
