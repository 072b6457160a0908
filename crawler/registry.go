package crawler

import (
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
)

// New builds the source for one config entry. Adding a source type is one
// line here, its constructor and its config fields.
func New(src config.Source, crawl config.Crawl, opts Options) (Source, error) {
	crawl = withDefaults(crawl) // before the override below makes it non-zero
	if src.MaxPages > 0 {
		crawl.MaxPages = src.MaxPages
	}
	b := newBase(src, crawl, opts)
	switch src.Type {
	case "feed":
		return newFeedSource(b)
	case "jsonld":
		return newJSONLDSource(b)
	case "html":
		return newHTMLSource(b)
	case "mastodon":
		return newMastodon(b)
	case "reddit":
		return newReddit(b)
	case "hackernews":
		return newHackerNews(b)
	case "bluesky":
		return newBluesky(b)
	}
	return nil, fmt.Errorf("source %s: type %q: %w (want feed, jsonld, html, mastodon, reddit, hackernews or bluesky)",
		src.Name, src.Type, ErrUnknownType)
}

// base is what every source type shares: its config entry, the fetcher,
// logger and clock, and how to start a mention.
type base struct {
	src    config.Source
	set    settings
	fetch  *fetcher
	logger *slog.Logger
	now    func() time.Time
}

func newBase(src config.Source, crawl config.Crawl, opts Options) *base {
	f := newFetcher(crawl, opts)
	f.allowPrivate.Store(privateURL(src.URL)) // a public (or default API) URL stays public
	if u, err := url.Parse(src.URL); err == nil {
		f.srcHost = u.Hostname()
	}
	return &base{
		src:    src,
		set:    f.set,
		fetch:  f,
		logger: f.logger.With(slog.String("source", src.Name), slog.String("type", src.Type)),
		now:    f.now,
	}
}

// Name is the source's config name.
func (b *base) Name() string { return b.src.Name }

// mention starts a mention with the fields every source sets the same way.
func (b *base) mention(nativeID string, fetched time.Time) model.Mention {
	m := model.Mention{
		ID:        MentionID(b.src.Type, nativeID),
		Source:    b.src.Name,
		Lang:      b.src.Lang,
		FetchedAt: fetched,
	}
	if b.src.Brand != "" {
		m.Brands = []string{b.src.Brand}
	}
	return m
}

// errorf prefixes errors with the source type and name, as users see them.
func (b *base) errorf(format string, args ...any) error {
	return fmt.Errorf(b.src.Type+" "+b.src.Name+": "+format, args...)
}
