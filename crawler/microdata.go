package crawler

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// extractMicrodata finds reviews and aggregate ratings in the page's
// microdata (itemscope/itemprop). Items become the same maps JSON-LD decodes
// to, so one walker reads both.
func extractMicrodata(page []byte) extraction {
	var x extraction
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil { // e.g. more than 512 nested elements
		x.Warnings = append(x.Warnings, "microdata: "+err.Error())
		return x
	}
	var items []any
	md := &microdata{budget: 2 * len(page)}
	md.topItems(doc, &items, 0)
	if md.budget < 0 {
		x.Warnings = append(x.Warnings, "microdata: property texts larger than twice the page (nested itemprops); the rest were skipped")
	}
	x.walk(items, nil, 0)
	return x
}

// microdata reads a page's items. budget bounds the bytes of property text
// collected: each itemprop keeps the text of everything under it, so nested
// ones (400 deep around a megabyte of text) would copy the page once per level.
type microdata struct{ budget int }

// topItems collects items not nested as a property of another item.
func (md *microdata) topItems(n *html.Node, out *[]any, depth int) {
	if depth > maxWalkDepth*4 {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && hasAttr(c, "itemscope") {
			*out = append(*out, md.microItem(c, 0))
			continue
		}
		md.topItems(c, out, depth+1)
	}
}

// microItem reads one itemscope element into a JSON-LD shaped map.
func (md *microdata) microItem(n *html.Node, depth int) map[string]any {
	m := map[string]any{}
	if t := attr(n, "itemtype"); t != "" {
		m["@type"] = strings.Fields(t)[0]
	}
	if id := attr(n, "itemid"); id != "" {
		m["@id"] = id
	}
	if depth < maxWalkDepth {
		md.props(n, m, depth)
	}
	return m
}

// props adds the properties found under n (not crossing nested items) to m.
func (md *microdata) props(n *html.Node, m map[string]any, depth int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		names := strings.Fields(attr(c, "itemprop"))
		nested := hasAttr(c, "itemscope")
		if len(names) > 0 && (nested || md.budget >= 0) {
			var v any
			if nested {
				v = md.microItem(c, depth+1)
			} else {
				text := propValue(c)
				md.budget -= len(text)
				v = text
			}
			for _, name := range names {
				addProp(m, name, v)
			}
		}
		if !nested {
			md.props(c, m, depth)
		}
	}
}

// addProp appends repeated properties into a list, as JSON-LD writes them.
func addProp(m map[string]any, name string, v any) {
	switch old := m[name].(type) {
	case nil:
		m[name] = v
	case []any:
		m[name] = append(old, v)
	default:
		m[name] = []any{old, v}
	}
}

// propValue is a property's value by the microdata rules: content, URL
// attributes, datetime, value, else the element's text.
func propValue(n *html.Node) string {
	if hasAttr(n, "content") {
		return attr(n, "content")
	}
	switch n.DataAtom {
	case atom.A, atom.Area, atom.Link:
		return attr(n, "href")
	case atom.Img, atom.Audio, atom.Video, atom.Source, atom.Embed, atom.Iframe, atom.Track:
		return attr(n, "src")
	case atom.Object:
		return attr(n, "data")
	case atom.Data, atom.Meter:
		return attr(n, "value")
	case atom.Time:
		if hasAttr(n, "datetime") {
			return attr(n, "datetime")
		}
	}
	var b strings.Builder
	nodeText(n, &b)
	return b.String()
}

// nodeText writes the text under n, with line breaks at block elements.
func nodeText(n *html.Node, b *strings.Builder) {
	switch {
	case n.Type == html.TextNode:
		b.WriteString(n.Data)
	case n.Type == html.ElementNode && dropped(n.DataAtom):
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		nodeText(c, b)
		if c.Type == html.ElementNode && blockish(c.DataAtom) {
			b.WriteByte('\n')
		}
	}
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}
