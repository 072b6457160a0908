package crawler

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/earshot/earshot/internal/model"
)

// items converts the feed's items at or after the cursor into mentions and
// returns the new cursor: the newest published time seen (RFC 3339, nano).
func (s *feedSource) items(feed *gofeed.Feed, feedURL, cursor string, fetched time.Time) ([]model.Mention, string, []string) {
	var warnings []string
	since, warn := readTimeCursor(cursor, fetched)
	if warn != "" {
		warnings = append(warnings, warn)
	}
	newest := since
	// Relative item links resolve against the site, as feed readers do
	// (miniflux): feeds are often served from another host than the site.
	site := feedURL
	if feed.Link != "" {
		site = resolveRef(feedURL, feed.Link)
	}
	var out []model.Mention
	seen := make(map[string]bool, len(feed.Items))
	for i, it := range feed.Items {
		if it == nil {
			continue
		}
		m, dated := s.item(it, feedURL, site, fetched)
		if m.Text == "" {
			warnings = append(warnings, fmt.Sprintf("item %d (%s) has no title or text; skipped", i+1, m.ID))
			continue
		}
		if dated && m.PublishedAt.Before(since) {
			continue
		}
		if dated && m.PublishedAt.After(newest) && !futureDated(m.PublishedAt, fetched, &warnings, m.ID) {
			newest = m.PublishedAt
		}
		if seen[m.ID] {
			warnings = append(warnings, fmt.Sprintf("item %d repeats id %s; kept the first", i+1, m.ID))
			continue
		}
		seen[m.ID] = true
		out = append(out, m)
	}
	if newest.IsZero() {
		return out, cursor, warnings
	}
	return out, newest.Format(time.RFC3339Nano), warnings
}

// item is one feed item as a mention; dated says whether the feed gave a time.
func (s *feedSource) item(it *gofeed.Item, feedURL, site string, fetched time.Time) (model.Mention, bool) {
	link := resolveRef(site, it.Link)
	m := s.mention(feedItemID(it, feedURL, link), fetched)
	m.URL = link
	m.Title = cleanLine(it.Title)
	m.Author = feedAuthor(it)
	m.Text = CleanText(firstNonEmpty(it.Content, it.Description))
	if m.Text == "" {
		m.Text = m.Title
	}
	switch {
	case it.PublishedParsed != nil:
		m.PublishedAt = it.PublishedParsed.UTC()
	case it.UpdatedParsed != nil:
		m.PublishedAt = it.UpdatedParsed.UTC()
	default:
		m.PublishedAt = fetched
		return m, false
	}
	return m, true
}

// feedItemID prefers the GUID. A GUID that is not globally unique by itself
// (no scheme, e.g. "42") is scoped by the feed URL; no GUID falls back to the
// canonical link, then to the content.
func feedItemID(it *gofeed.Item, feedURL, link string) string {
	guid := strings.TrimSpace(it.GUID)
	switch {
	case guid != "" && strings.Contains(guid, ":"):
		return guid
	case guid != "":
		return CanonicalURL(feedURL) + "#" + guid
	case link != "":
		return itemURLID(link)
	}
	return contentKey(CanonicalURL(feedURL), it.Title, it.Published, it.Description, it.Content)
}

// feedAuthor is the first named author.
func feedAuthor(it *gofeed.Item) string {
	for _, p := range append([]*gofeed.Person{it.Author}, it.Authors...) {
		if p != nil && strings.TrimSpace(p.Name) != "" {
			return cleanLine(p.Name)
		}
		if p != nil && p.Email != "" {
			return cleanLine(p.Email)
		}
	}
	if it.DublinCoreExt != nil && len(it.DublinCoreExt.Creator) > 0 {
		return cleanLine(it.DublinCoreExt.Creator[0])
	}
	return ""
}

// resolveRef makes ref absolute against base; unparsable refs come back as they are.
func resolveRef(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	b, err1 := url.Parse(base)
	r, err2 := url.Parse(ref)
	if err1 != nil || err2 != nil {
		return ref
	}
	return b.ResolveReference(r).String()
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
