package crawler

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"

	"github.com/earshot/earshot/internal/model"
)

// htmlSource reads reviews from pages without structured data, with the CSS
// selectors of the source's config, following the next-page link.
type htmlSource struct {
	*base
	sel selectors
}

var _ Source = (*htmlSource)(nil)

// selectors are config.Selectors compiled; nil matchers are unset.
type selectors struct {
	item, text, title, author, rating, date, link, next goquery.Matcher
	ratingAttr, dateAttr, dateLayout                    string
	scale                                               float64
}

func newHTMLSource(b *base) (Source, error) {
	if b.src.URL == "" {
		return nil, b.errorf("%w: url is required", ErrBadSource)
	}
	cfg := b.src.Selectors
	if cfg == nil || strings.TrimSpace(cfg.Item) == "" {
		return nil, b.errorf("%w: selectors.item is required for type html", ErrBadSource)
	}
	sel, err := compileSelectors(cfg.Item, cfg.Text, cfg.Title, cfg.Author, cfg.Rating, cfg.Date, cfg.Link, cfg.Next)
	if err != nil {
		return nil, b.errorf("%w", err)
	}
	sel.ratingAttr, sel.dateAttr, sel.dateLayout = cfg.RatingAttr, cfg.DateAttr, cfg.DateLayout
	sel.scale = cfg.RatingScale
	if sel.scale <= 0 {
		sel.scale = 5
	}
	return &htmlSource{base: b, sel: sel}, nil
}

// compileSelectors compiles the selectors in config order; empty ones stay nil.
func compileSelectors(exprs ...string) (selectors, error) {
	names := []string{"item", "text", "title", "author", "rating", "date", "link", "next"}
	var out selectors
	dst := []*goquery.Matcher{&out.item, &out.text, &out.title, &out.author, &out.rating, &out.date, &out.link, &out.next}
	for i, e := range exprs {
		if strings.TrimSpace(e) == "" {
			continue
		}
		m, err := compileSelector(names[i], e)
		if err != nil {
			return out, err
		}
		*dst[i] = m
	}
	return out, nil
}

// compileSelector checks a CSS selector once, at construction, so a typo is
// a clear config error rather than a page that silently matches nothing.
func compileSelector(name, expr string) (goquery.Matcher, error) {
	m, err := cascadia.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("%w: selectors.%s %q: %v", ErrBadSource, name, expr, err)
	}
	return m, nil
}

// Fetch crawls the review pages.
func (s *htmlSource) Fetch(ctx context.Context, state model.SourceState) (Batch, error) {
	return s.crawlPages(ctx, state, s.page)
}

// page extracts one page's items.
func (s *htmlSource) page(resp *response, fetched time.Time) pageResult {
	var res pageResult
	body := decodeHTML(resp)
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%s: %v", resp.URL, err))
		return res
	}
	items := doc.FindMatcher(s.sel.item)
	// A page cut off mid-review (a proxy or the site's renderer failing
	// after the headers, with a Content-Length that matches) parses
	// without error: the parser closes what was left open. Its last item
	// may then be half a review, stored for good under an id made from
	// its content; it is skipped, and the cursor stays (res.Cut), so it
	// comes whole on a later pass.
	if items.Length() > 0 && looksCutOff(body) {
		res.Cut = true
		res.Warnings = append(res.Warnings, fmt.Sprintf("%s: the page ends without </body> or </html> and looks cut off; its last item was skipped until the next pass", resp.URL))
		items = items.Slice(0, items.Length()-1)
	}
	items.Each(func(i int, it *goquery.Selection) {
		if pi, ok := s.item(it, resp.URL, fetched); ok {
			res.Items = append(res.Items, pi)
		} else {
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s: item %d has no text; skipped", resp.URL, i+1))
		}
	})
	if items.Length() == 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%s: selectors.item %q matched nothing (has the page changed?)", resp.URL, s.src.Selectors.Item))
	}
	if s.sel.next != nil {
		res.Next = nextInDoc(doc, s.sel.next, resp.URL)
	}
	return res
}

// looksCutOff is true for an HTML document with neither a </body> nor an
// </html> tag: real review pages close both.
func looksCutOff(body []byte) bool {
	tail := bytes.ToLower(body[max(0, len(body)-64<<10):])
	return !bytes.Contains(tail, []byte("</body")) && !bytes.Contains(tail, []byte("</html"))
}

// item reads one review element.
func (s *htmlSource) item(it *goquery.Selection, pageURL string, fetched time.Time) (pageItem, bool) {
	text := cleanPlain(selText(it, s.sel.text, true))
	title := oneLine(selText(it, s.sel.title, false))
	if text == "" && title == "" {
		return pageItem{}, false
	}
	author := oneLine(selText(it, s.sel.author, false))
	rawDate := selValue(it, s.sel.date, s.sel.dateAttr)
	link := resolveRef(pageURL, selValue(it, s.sel.link, "href"))
	native := itemURLID(link)
	if link == "" {
		native = contentKey(CanonicalURL(s.src.URL), author, rawDate, text)
	}
	m := s.mention(native, fetched)
	m.URL, m.Title, m.Author, m.Text = firstNonEmpty(link, pageURL), title, author, firstNonEmpty(text, title)
	m.Rating = scaleRating(selValue(it, s.sel.rating, s.sel.ratingAttr), s.sel.scale)
	t, ok := parseDate(rawDate, s.sel.dateLayout)
	m.PublishedAt = fetched
	if ok {
		m.PublishedAt = t
	}
	return pageItem{Mention: m, Dated: ok}, true
}

// selText is the text of the elements m matches under it (or of it itself
// when m is nil and self is true), with line breaks at block elements.
func selText(it *goquery.Selection, m goquery.Matcher, self bool) string {
	var nodes []*html.Node
	switch {
	case m != nil:
		nodes = it.FindMatcher(m).Nodes
	case self:
		nodes = it.Nodes
	}
	var b strings.Builder
	for _, n := range nodes {
		nodeText(n, &b)
		b.WriteByte('\n')
	}
	return b.String()
}

// selValue reads attribute attr (when set) or else the text of the first match.
func selValue(it *goquery.Selection, m goquery.Matcher, attrName string) string {
	if m == nil {
		return ""
	}
	first := it.FindMatcher(m).First()
	if attrName != "" {
		v, _ := first.Attr(attrName)
		return strings.TrimSpace(v)
	}
	return oneLine(first.Text())
}

// nextInDoc is the absolute href of the first element the next selector matches.
func nextInDoc(doc *goquery.Document, m goquery.Matcher, pageURL string) string {
	href, _ := doc.FindMatcher(m).First().Attr("href")
	return resolveRef(pageURL, href)
}

// nextBySelector parses a page only to find its next link.
func nextBySelector(page []byte, m goquery.Matcher, pageURL string) string {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(page))
	if err != nil {
		return ""
	}
	return nextInDoc(doc, m, pageURL)
}

// scaleRating reads a number (or counts ★) and puts it on the 0..5 scale.
func scaleRating(raw string, scale float64) *float64 {
	v, ok := number(raw)
	if !ok {
		if n := strings.Count(raw, "★"); n > 0 {
			v, ok = float64(n), true
		}
	}
	if !ok {
		return nil
	}
	r := min(max(v/scale*5, 0), 5)
	return &r
}
