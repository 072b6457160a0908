package crawler

import (
	"context"
	"fmt"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/earshot/earshot/internal/model"
)

// jsonldSource reads schema.org reviews from review pages: JSON-LD first,
// microdata when the page has no JSON-LD review, following rel=next (or the
// configured next selector) up to max_pages.
type jsonldSource struct {
	*base
	next goquery.Matcher // optional selectors.next
}

var _ Source = (*jsonldSource)(nil)

func newJSONLDSource(b *base) (Source, error) {
	if b.src.URL == "" {
		return nil, b.errorf("%w: url is required", ErrBadSource)
	}
	s := &jsonldSource{base: b}
	if b.src.Selectors != nil && b.src.Selectors.Next != "" {
		m, err := compileSelector("next", b.src.Selectors.Next)
		if err != nil {
			return nil, b.errorf("%w", err)
		}
		s.next = m
	}
	return s, nil
}

// Fetch crawls the review pages.
func (s *jsonldSource) Fetch(ctx context.Context, state model.SourceState) (Batch, error) {
	return s.crawlPages(ctx, state, s.page)
}

// page extracts one page's reviews.
func (s *jsonldSource) page(resp *response, fetched time.Time) pageResult {
	body := decodeHTML(resp)
	scan := scanPage(body)
	x := extractJSONLD(scan.Scripts)
	cut := false
	if len(x.Reviews) == 0 && scan.Microdata {
		md := extractMicrodata(body)
		md.Warnings = append(x.Warnings, md.Warnings...)
		x = md
		// As on an html source's page: the last microdata review of a
		// page cut off may be half of one (JSON-LD cut off does not parse).
		if len(x.Reviews) > 0 && looksCutOff(body) {
			cut = true
			x.Warnings = append(x.Warnings, fmt.Sprintf("%s: the page ends without </body> or </html> and looks cut off; its last review was skipped until the next pass", resp.URL))
			x.Reviews = x.Reviews[:len(x.Reviews)-1]
		}
	}
	res := pageResult{Warnings: x.Warnings, Next: resolveRef(resp.URL, scan.Next), Cut: cut}
	for _, ag := range x.Aggregates {
		if ag.Rating != nil {
			res.Ratings = append(res.Ratings, model.ItemRating{Item: firstNonEmpty(oneLine(ag.Item), "unnamed item"), Rating: *ag.Rating, Count: ag.Count, URL: resp.URL, SeenAt: fetched})
		}
	}
	if s.next != nil {
		res.Next = nextBySelector(body, s.next, resp.URL)
	}
	for _, r := range x.Reviews {
		if it, ok := s.reviewItem(r, resp.URL, fetched); ok {
			res.Items = append(res.Items, it)
		} else {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s: review by %q has no text; skipped", resp.URL, r.Author))
		}
	}
	if len(x.Reviews) == 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%s: no schema.org Review in JSON-LD or microdata (%d aggregate ratings)", resp.URL, len(x.Aggregates)))
	}
	return res
}

// reviewItem turns a review into a mention. Reviews without their own id or
// URL are identified by the configured start URL and their author, date and
// text, which stay the same when the review moves to another page.
func (s *jsonldSource) reviewItem(r review, pageURL string, fetched time.Time) (pageItem, bool) {
	if r.Body == "" && r.Title == "" {
		return pageItem{}, false
	}
	native := itemURLID(resolveRef(pageURL, r.ID))
	if r.ID == "" {
		native = contentKey(CanonicalURL(s.src.URL), r.Author, r.Date, r.Body)
	}
	m := s.mention(native, fetched)
	m.URL = pageURL
	if r.ID != "" {
		m.URL = resolveRef(pageURL, r.ID)
	}
	m.Author, m.Title, m.Text, m.Rating = r.Author, firstNonEmpty(r.Title, r.Item), firstNonEmpty(r.Body, r.Title), r.Rating
	t, ok := parseDate(r.Date, "")
	m.PublishedAt = fetched
	if ok {
		m.PublishedAt = t
	}
	return pageItem{Mention: m, Dated: ok}, true
}
