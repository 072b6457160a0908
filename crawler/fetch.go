package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/earshot/earshot/internal/config"
)

// response is one HTTP answer, body read in full (and bounded).
type response struct {
	URL    string // final, after redirects
	Status int
	Header http.Header
	// Body is the raw bytes as sent: no charset conversion, so feeds keep the
	// encoding their XML prolog declares. Use decodeHTML for pages.
	Body []byte
}

// fetcher does polite HTTP GETs shared by all source types. It wraps one
// configured colly collector, cloned per request so callbacks never cross:
// colly provides robots.txt (cached per host), the per-host LimitRule
// (delay, parallelism) and the body limit; the fetcher adds retries with
// backoff, Retry-After, a redirect limit and clear errors.
type fetcher struct {
	set    settings
	base   *colly.Collector
	logger *slog.Logger
	now    func() time.Time
	// sleep waits between retries; tests replace it to observe the waits.
	sleep func(ctx context.Context, d time.Duration) error
	// jitter returns a random duration in [0, d); tests make it deterministic.
	jitter func(d time.Duration) time.Duration

	client *http.Client // as given in Options; nil for the default
	mu     sync.Mutex
	built  time.Time       // when base was built: its robots.txt cache expires after robotsTTL
	hosts  map[string]bool // hosts that already have a LimitRule in base
}

// robotsTTL bounds how long robots.txt answers are trusted (colly caches them
// for the collector's life): a changed file, or a transient 5xx that reads as
// "disallow all", is re-read within the hour.
const robotsTTL = time.Hour

// newFetcher builds the fetcher for one source.
func newFetcher(crawl config.Crawl, opts Options) *fetcher {
	set := resolve(crawl, opts.Version)
	f := &fetcher{
		set:    set,
		logger: opts.Logger,
		now:    opts.Now,
		sleep:  sleepCtx,
		jitter: randomJitter,
		client: opts.HTTPClient,
	}
	if f.logger == nil {
		f.logger = discardLogger()
	}
	if f.now == nil {
		f.now = time.Now
	}
	return f
}

// newCollector configures the collector every request is cloned from.
func newCollector(set settings, client *http.Client) *colly.Collector {
	c := colly.NewCollector(
		colly.UserAgent(set.userAgent),
		colly.AllowURLRevisit(), // each run re-fetches the same URLs; retries too
		colly.ParseHTTPErrorResponse(),
		colly.MaxBodySize(int(set.maxBody+1)), // one byte more tells "too large" from "exactly max"
	)
	c.IgnoreRobotsTxt = !set.respectRobots
	// Copy the client: the collector sets Timeout and CheckRedirect on it,
	// which must not leak into the caller's client.
	if client == nil {
		client = defaultClient(set)
	}
	cl := *client
	if cl.Timeout == 0 || cl.Timeout > set.timeout {
		cl.Timeout = set.timeout
	}
	c.SetClient(&cl)
	maxRedirects := set.maxRedirects
	c.SetRedirectHandler(func(req *http.Request, via []*http.Request) error {
		if len(via) > maxRedirects {
			return fmt.Errorf("%w: stopped after %d redirects at %s", ErrTooManyRedirects, maxRedirects, req.URL)
		}
		return nil
	})
	return c
}

// collectorFor returns the collector to clone for u: rebuilt when its robots
// cache is older than robotsTTL, and with colly's LimitRule for u's host added
// the first time the host is seen, so delay and parallelism apply per host.
func (f *fetcher) collectorFor(u *url.URL) (*colly.Collector, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if now := f.now(); f.base == nil || now.Sub(f.built) > robotsTTL || now.Before(f.built) {
		f.base, f.built, f.hosts = newCollector(f.set, f.client), now, make(map[string]bool)
	}
	if f.hosts[u.Host] {
		return f.base, nil
	}
	rule := &colly.LimitRule{
		DomainRegexp: "^" + regexp.QuoteMeta(u.Host) + "$",
		Parallelism:  max(f.set.parallelism, 1),
		Delay:        f.set.delay,
		RandomDelay:  f.set.delay / 4,
	}
	if err := f.base.Limit(rule); err != nil {
		return nil, fmt.Errorf("rate limit for %s: %w", u.Host, err)
	}
	f.hosts[u.Host] = true
	return f.base, nil
}

// get fetches rawURL with the given extra headers. A non-2xx status other than
// 304 that persists after retries is an *HTTPError; 304 is a response.
func (f *fetcher) get(ctx context.Context, rawURL string, hdr http.Header) (*response, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("GET %q: %w: not an absolute http(s) URL", rawURL, ErrBadSource)
	}
	for attempt := 0; ; attempt++ {
		base, err := f.collectorFor(u)
		if err != nil {
			return nil, err
		}
		resp, err := f.once(ctx, base, rawURL, hdr)
		wait, retry := f.shouldRetry(ctx, resp, err, attempt)
		if !retry {
			return finish(rawURL, resp, err, wait)
		}
		f.logger.LogAttrs(ctx, slog.LevelDebug, "retrying", slog.String("url", rawURL),
			slog.Int("attempt", attempt+1), slog.Duration("wait", wait), slog.Any("cause", describe(resp, err)))
		if err := f.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("GET %s: gave up waiting to retry (%v): %w", rawURL, describe(resp, err), err)
		}
	}
}

// once is one attempt through a fresh clone of the collector.
func (f *fetcher) once(ctx context.Context, base *colly.Collector, rawURL string, hdr http.Header) (*response, error) {
	c := base.Clone()
	colly.StdlibContext(ctx)(c)
	a := &attempt{maxBody: f.set.maxBody}
	c.OnResponseHeaders(a.onHeaders)
	c.OnResponse(a.onResponse)
	c.OnError(func(_ *colly.Response, err error) { a.err = err })
	err := c.Request(http.MethodGet, rawURL, nil, nil, cloneHeader(hdr))
	switch {
	case a.tooLarge || (a.resp != nil && int64(len(a.resp.Body)) > a.maxBody):
		return nil, fmt.Errorf("GET %s: %w (limit %d bytes)", rawURL, ErrBodyTooLarge, a.maxBody)
	case err == nil:
		err = a.err
	}
	if err != nil {
		return nil, classify(rawURL, err)
	}
	return a.resp, nil
}

// attempt holds what colly's callbacks report for one request.
type attempt struct {
	maxBody  int64
	resp     *response
	origCT   string // Content-Type as sent, charset included
	tooLarge bool
	err      error
}

// onHeaders refuses a declared oversized body before it is read, and hides
// the charset from colly so it leaves the bytes alone (feeds declare their
// encoding in the XML prolog); onResponse restores it.
func (a *attempt) onHeaders(r *colly.Response) {
	if n, err := strconv.ParseInt(r.Headers.Get("Content-Length"), 10, 64); err == nil && n > a.maxBody {
		a.tooLarge = true
		r.Request.Abort() // closes the body unread: memory stays bounded
		return
	}
	a.origCT = r.Headers.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(a.origCT); err == nil && mt != a.origCT {
		r.Headers.Set("Content-Type", mt)
	}
}

func (a *attempt) onResponse(r *colly.Response) {
	h := r.Headers.Clone()
	if a.origCT != "" {
		h.Set("Content-Type", a.origCT)
	}
	a.resp = &response{URL: r.Request.URL.String(), Status: r.StatusCode, Header: h, Body: r.Body}
}

// classify turns colly's and net/http's errors into ours, with the URL.
func classify(rawURL string, err error) error {
	switch {
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		return fmt.Errorf("GET %s: %w (crawl.respect_robots: false turns this off for sites you own)", rawURL, ErrRobotsDisallowed)
	case errors.Is(err, ErrTooManyRedirects):
		return fmt.Errorf("GET %s: %w", rawURL, ErrTooManyRedirects)
	}
	return fmt.Errorf("GET %s: %w", rawURL, err)
}

// cloneHeader copies hdr because colly writes User-Agent and Accept into it.
func cloneHeader(h http.Header) http.Header {
	if h == nil {
		return http.Header{}
	}
	return h.Clone()
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
