package crawler

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxWalkDepth bounds recursion over structured data from the page.
const maxWalkDepth = 64

// review is one schema.org Review found on a page, before it becomes a mention.
type review struct {
	ID       string // @id or url, when the page gives one
	Title    string // name or headline
	Body     string // reviewBody, else description or text (cleaned)
	Author   string
	Date     string   // datePublished as written
	Item     string   // name of the itemReviewed (or of the item holding the review)
	Rating   *float64 // normalised to 0..5
	RawScale string   // "value/best" as written, for debugging
}

// aggregate is one schema.org AggregateRating.
type aggregate struct {
	Item   string
	Rating *float64 // normalised to 0..5
	Count  int      // reviewCount, else ratingCount
}

// extraction is everything structured found on one page.
type extraction struct {
	Reviews    []review
	Aggregates []aggregate
	Warnings   []string
}

// pageScan is what one tokenizer pass over a page finds: JSON-LD blocks, the
// rel=next link and whether microdata is worth a full parse.
type pageScan struct {
	Scripts   [][]byte
	Next      string
	Microdata bool
}

// scanPage tokenizes the page once. It never fails: broken markup yields less.
func scanPage(page []byte) pageScan {
	var s pageScan
	s.Microdata = bytes.Contains(page, []byte("itemscope"))
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return s
		case html.StartTagToken, html.SelfClosingTagToken:
			s.tag(z)
		}
	}
}

// tag handles one start tag: script type=application/ld+json, and link or a
// with rel=next.
func (s *pageScan) tag(z *html.Tokenizer) {
	name, hasAttr := z.TagName()
	a := atom.Lookup(name)
	if !hasAttr || (a != atom.Script && a != atom.Link && a != atom.A) {
		return
	}
	attrs := tagAttrs(z)
	switch {
	case a == atom.Script && strings.Contains(strings.ToLower(attrs["type"]), "ld+json"):
		if z.Next() == html.TextToken {
			s.Scripts = append(s.Scripts, bytes.Clone(z.Text()))
		}
	case s.Next == "" && hasToken(attrs["rel"], "next") && attrs["href"] != "":
		s.Next = attrs["href"]
	}
}

// tagAttrs reads the current tag's attributes (lowercased keys).
func tagAttrs(z *html.Tokenizer) map[string]string {
	m := make(map[string]string, 4)
	for {
		k, v, more := z.TagAttr()
		m[string(k)] = string(v)
		if !more {
			return m
		}
	}
}

// hasToken reports whether a space-separated attribute holds tok.
func hasToken(attr, tok string) bool {
	return slices.ContainsFunc(strings.Fields(attr), func(f string) bool { return strings.EqualFold(f, tok) })
}

// extractJSONLD finds reviews and aggregate ratings in the page's JSON-LD:
// top-level objects or arrays, @graph, reviews nested in products, itemReviewed.
func extractJSONLD(scripts [][]byte) extraction {
	var x extraction
	for i, raw := range scripts {
		var v any
		if err := json.Unmarshal(unwrapScript(raw), &v); err != nil {
			x.Warnings = append(x.Warnings, fmt.Sprintf("JSON-LD block %d is not valid JSON: %v", i+1, err))
			continue
		}
		x.walk(v, nil, 0)
	}
	return x
}

// unwrapScript removes the HTML comment or CDATA guards some sites put
// around JSON-LD.
func unwrapScript(b []byte) []byte {
	b = bytes.TrimSpace(b)
	for _, p := range [][2]string{{"<!--", "-->"}, {"//<![CDATA[", "//]]>"}, {"<![CDATA[", "]]>"}} {
		if bytes.HasPrefix(b, []byte(p[0])) {
			b = bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimPrefix(b, []byte(p[0])), []byte(p[1])))
		}
	}
	return b
}

// walk visits every object; parent is the nearest enclosing object, which
// names the reviewed item when a review does not.
func (x *extraction) walk(v any, parent map[string]any, depth int) {
	if depth > maxWalkDepth {
		return
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			x.walk(e, parent, depth+1)
		}
	case map[string]any:
		switch {
		case isReview(t):
			x.Reviews = append(x.Reviews, toReview(t, parent))
		case hasType(t, "AggregateRating"):
			x.Aggregates = append(x.Aggregates, toAggregate(t, parent))
		}
		for _, k := range sortedKeys(t) {
			if k != "@context" {
				x.walk(t[k], t, depth+1)
			}
		}
	}
}

// sortedKeys gives a stable walk order: JSON objects are unordered, and
// reviews must come out in the same order on every run.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
