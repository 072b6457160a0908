package crawler

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/earshot/earshot/internal/model"
)

// robots.txt and the API sources. robots.txt (RFC 9309) tells crawlers which
// pages of a site they may fetch. Whether an API source asks it depends on
// what it calls:
//
//   - hackernews (hn.algolia.com/api) and bluesky (XRPC on public.api.bsky.app
//     or a PDS) call APIs published for programs on hosts of their own; those
//     hosts' robots.txt, if any, is about pages, not the documented API, so
//     it is not asked. Their politeness is the host limit, the User-Agent and
//     honouring 429 / Retry-After.
//   - mastodon's REST API is on the instance's own web host, and an admin
//     who opts the instance out of crawling says so in its robots.txt (the
//     default one allows /api/): it is asked.
//   - reddit's JSON endpoints are views of www.reddit.com pages (the .json
//     suffix on a listing), governed by its robots.txt, which disallows
//     generic crawlers: it is asked, and the source fails with a message
//     saying so (redditSource.explain).
//
// crawl.respect_robots: false turns every check off.

// jsonAccept is sent to the public JSON APIs (mastodon, reddit, hackernews, bluesky).
const jsonAccept = "application/json"

// getJSON fetches rawURL politely and decodes its JSON body with decode. Errors
// name the source and URL; a body that is not the expected JSON says so and
// quotes its start, because an HTML error page is the usual culprit.
func (b *base) getJSON(ctx context.Context, rawURL string, hdr http.Header, decode func([]byte) error) (*response, error) {
	if hdr == nil {
		hdr = http.Header{}
	}
	hdr.Set("Accept", jsonAccept)
	resp, err := b.fetch.get(ctx, rawURL, hdr)
	if err != nil {
		return nil, b.errorf("%w", err)
	}
	if err := decode(resp.Body); err != nil {
		return nil, b.errorf("%s: %w", rawURL, err)
	}
	return resp, nil
}

// decodeJSON unmarshals body into v with an error that shows what came back.
func decodeJSON(body []byte, v any, what string) error {
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("%w: response is not %s (%v); body starts %q", ErrBadResponse, what, err, preview(body))
	}
	return nil
}

// preview is the first bytes of a body, for error messages.
func preview(body []byte) string {
	const n = 80
	s := strings.TrimSpace(string(body[:min(len(body), n)]))
	if len(body) > n {
		s += "…"
	}
	return s
}

// apiBase is the source's base URL (src.URL) without a trailing slash, or def.
func (b *base) apiBase(def string) (string, error) {
	raw := strings.TrimRight(b.src.URL, "/")
	if raw == "" {
		raw = def
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", b.errorf("%w: url %q is not an absolute http(s) URL", ErrBadSource, b.src.URL)
	}
	return raw, nil
}

// linkRel returns the URL of the given rel in an RFC 8288 Link header, as
// Mastodon sends for paging: `<https://…?max_id=1>; rel="next", <…>; rel="prev"`.
func linkRel(header, rel string) string {
	for part := range strings.SplitSeq(header, ",") {
		target, params, ok := strings.Cut(part, ";")
		target = strings.TrimSpace(target)
		if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
			continue
		}
		for p := range strings.SplitSeq(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(k, "rel") && hasField(strings.Trim(v, `"`), rel) {
				return target[1 : len(target)-1]
			}
		}
	}
	return ""
}

// hasField reports whether the space-separated list contains f.
func hasField(list, f string) bool {
	for _, x := range strings.Fields(list) {
		if strings.EqualFold(x, f) {
			return true
		}
	}
	return false
}

// bearer is the Authorization header for a token; nil when there is none, so
// anonymous requests carry no Authorization at all.
func bearer(token string) http.Header {
	if token == "" {
		return nil
	}
	return http.Header{"Authorization": {"Bearer " + token}}
}

// searchQuery is the search terms sent to a search API.
func (b *base) searchQuery() (string, error) {
	q := strings.TrimSpace(b.src.Query)
	if q == "" {
		return "", b.errorf("%w: query is required (the search terms to send)", ErrBadSource)
	}
	return q, nil
}

// apiBatch starts the batch of one run from the stored state.
func (b *base) apiBatch(state model.SourceState) Batch {
	batch := Batch{State: state}
	batch.State.Source = b.src.Name
	return batch
}

// pageFailed fails a run whose first page failed; a later page only stops
// the run, which keeps what the earlier pages brought, with a warning.
// Sources whose pages run newest first must then leave the cursor where it
// was, or the unread pages' items would fall behind it for good.
func pageFailed(batch *Batch, err error) error {
	if batch.Pages == 0 {
		return err
	}
	batch.Warnings = append(batch.Warnings, fmt.Sprintf("page %d stopped the run, keeping earlier pages: %v", batch.Pages+1, err))
	return nil
}
