package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
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

// fetcher does polite HTTP requests shared by all source types. It wraps one
// configured colly collector, cloned per request so callbacks never cross:
// colly provides the body limit and redirect handling; the shared Hosts
// provides robots.txt (cached per origin) and the per-host limit (delay,
// parallelism); the fetcher adds retries with backoff, Retry-After and clear
// errors.
type fetcher struct {
	set    settings
	base   *colly.Collector
	hosts  *Hosts
	logger *slog.Logger
	now    func() time.Time
	// obeyRobots is crawl.respect_robots, turned off by the API sources whose
	// hosts serve programs rather than pages (see hackernews.go, bluesky.go).
	obeyRobots bool
	// sleep waits between retries; tests replace it to observe the waits.
	sleep func(ctx context.Context, d time.Duration) error
	// jitter returns a random duration in [0, d); tests make it deterministic.
	jitter func(d time.Duration) time.Duration
	// allowPrivate lets requests reach private and loopback addresses: true
	// unless the source's configured URL is public (see private.go); set
	// too when the configured host turns out to resolve to one.
	allowPrivate atomic.Bool
	srcHost      string // the host of the source's configured URL
}

// newFetcher builds the fetcher for one source. Options.Hosts, when set, is
// the per-host state it shares with the other sources.
func newFetcher(crawl config.Crawl, opts Options) *fetcher {
	set := resolve(crawl, opts.Version)
	f := &fetcher{
		set:        set,
		hosts:      opts.Hosts,
		logger:     opts.Logger,
		now:        opts.Now,
		obeyRobots: set.respectRobots,
		sleep:      sleepCtx,
		jitter:     randomJitter,
	}
	f.allowPrivate.Store(true) // newBase narrows it to the source's URL
	f.base = f.newCollector(opts.HTTPClient)
	if f.hosts == nil {
		f.hosts = NewHosts()
	}
	if f.logger == nil {
		f.logger = discardLogger()
	}
	if f.now == nil {
		f.now = time.Now
	}
	return f
}

// newCollector configures the collector every request is cloned from. Its own
// robots.txt check and LimitRules stay off: they are per collector, and
// politeness must hold across every source of the process (Hosts).
func (f *fetcher) newCollector(client *http.Client) *colly.Collector {
	set := f.set
	c := colly.NewCollector(
		colly.UserAgent(set.userAgent),
		colly.AllowURLRevisit(), // each run re-fetches the same URLs; retries too
		colly.ParseHTTPErrorResponse(),
		colly.MaxBodySize(int(set.maxBody+1)), // one byte more tells "too large" from "exactly max"
	)
	c.IgnoreRobotsTxt = true
	// Copy the client: the collector sets Timeout and CheckRedirect on it,
	// which must not leak into the caller's client.
	if client == nil {
		client = defaultClient(set, f.dialer)
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
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return fmt.Errorf("%w: a redirect to %s, which is not http(s)", ErrBadSource, req.URL.Redacted())
		}
		return f.checkTarget(req.URL)
	})
	return c
}

// get fetches rawURL with the given extra headers. A non-2xx status other than
// 304 that persists after retries is an *HTTPError; 304 is a response.
func (f *fetcher) get(ctx context.Context, rawURL string, hdr http.Header) (*response, error) {
	return f.do(ctx, http.MethodGet, rawURL, nil, hdr)
}

// post sends body to an API endpoint, with the same User-Agent, body limit,
// host limit and status handling as get. robots.txt is not consulted: it
// governs crawling pages, and a POST is a call the API documents for
// programs (Bluesky's createSession). A network error after the request went
// out is not retried, since the server may have acted on it; 429 and 5xx are
// (the server says it did not, or asks to be asked again).
func (f *fetcher) post(ctx context.Context, rawURL, contentType string, body []byte, hdr http.Header) (*response, error) {
	hdr = cloneHeader(hdr)
	hdr.Set("Content-Type", contentType)
	return f.do(ctx, http.MethodPost, rawURL, body, hdr)
}

// do runs one request with retries.
func (f *fetcher) do(ctx context.Context, method, rawURL string, body []byte, hdr http.Header) (*response, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s %q: %w: not an absolute http(s) URL", method, rawURL, ErrBadSource)
	}
	if err := f.checkTarget(u); err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, rawURL, err)
	}
	for attempt := 0; ; attempt++ {
		resp, sent, err := f.try(ctx, method, rawURL, u, body, hdr)
		wait, retry := f.shouldRetry(ctx, resp, err, attempt)
		if err != nil && sent && method == http.MethodPost {
			retry = false // ambiguous: the server may have acted on it
		}
		if !retry {
			return finish(method, rawURL, resp, err, wait)
		}
		f.logger.LogAttrs(ctx, slog.LevelDebug, "retrying", slog.String("method", method), slog.String("url", rawURL),
			slog.Int("attempt", attempt+1), slog.Duration("wait", wait), slog.Any("cause", describe(resp, err)))
		if err := f.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("%s %s: gave up waiting to retry (%v): %w", method, rawURL, describe(resp, err), err)
		}
	}
}

// try is one attempt: robots.txt (GETs only), then a turn at the host, then
// the request (rawURL as given; u is it parsed). sent reports whether the
// request was written to the server.
func (f *fetcher) try(ctx context.Context, method, rawURL string, u *url.URL, body []byte, hdr http.Header) (*response, bool, error) {
	if method == http.MethodGet && f.obeyRobots {
		if err := f.allowed(ctx, u); err != nil {
			return nil, false, err
		}
	}
	release, err := f.hosts.limit(u.Host).acquire(ctx, f.set.parallelism, f.gap())
	if err != nil {
		return nil, false, fmt.Errorf("%s %s: waiting for a turn at %s: %w", method, rawURL, u.Host, err)
	}
	defer release()
	return f.once(ctx, method, rawURL, body, hdr)
}

// gap is the wait after a request to a host before the next may start:
// crawl.delay plus up to a quarter more, so requests do not beat in step.
func (f *fetcher) gap() time.Duration {
	return f.set.delay + f.jitter(f.set.delay/4)
}

// once is one request through a fresh clone of the collector.
func (f *fetcher) once(ctx context.Context, method, rawURL string, body []byte, hdr http.Header) (*response, bool, error) {
	var sent atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(i httptrace.WroteRequestInfo) { sent.Store(sent.Load() || i.Err == nil) },
	})
	c := f.base.Clone()
	colly.StdlibContext(ctx)(c)
	a := &attempt{maxBody: f.set.maxBody}
	c.OnResponseHeaders(a.onHeaders)
	c.OnResponse(a.onResponse)
	c.OnError(func(_ *colly.Response, err error) { a.err = err })
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	err := c.Request(method, rawURL, rd, nil, cloneHeader(hdr))
	switch {
	case a.gzFile:
		return nil, true, fmt.Errorf("%s %s: %w: a .xml.gz file; point the source at the uncompressed URL", method, rawURL, ErrBadSource)
	case a.tooLarge || (a.resp != nil && int64(len(a.resp.Body)) > a.maxBody):
		return nil, true, fmt.Errorf("%s %s: %w (limit %d bytes)", method, rawURL, ErrBodyTooLarge, a.maxBody)
	case err == nil:
		err = a.err
	}
	if err != nil {
		return nil, sent.Load(), classify(method, rawURL, err)
	}
	return a.resp, true, nil
}

// attempt holds what colly's callbacks report for one request.
type attempt struct {
	maxBody  int64
	resp     *response
	origCT   string // Content-Type as sent, charset included
	origCE   string // Content-Encoding as sent, when we gunzip ourselves
	gunzip   bool   // the body is gzip: onResponse inflates it, bounded
	tooLarge bool
	gzFile   bool // a .xml.gz path, which colly would inflate unbounded
	err      error
}

// onHeaders refuses a declared oversized body before it is read, and hides
// the charset from colly so it leaves the bytes alone (feeds declare their
// encoding in the XML prolog); onResponse restores it. colly would inflate
// a gzip body (Content-Encoding or a gzip Content-Type) with no limit after
// its size limit on the compressed bytes: a 10 MB response of zeros is
// 10 GB. So those headers are hidden from it too, and onResponse inflates
// the body itself, up to maxBody.
func (a *attempt) onHeaders(r *colly.Response) {
	if n, err := strconv.ParseInt(r.Headers.Get("Content-Length"), 10, 64); err == nil && n > a.maxBody {
		a.tooLarge = true
		r.Request.Abort() // closes the body unread: memory stays bounded
		return
	}
	if strings.HasSuffix(strings.ToLower(r.Request.URL.Path), ".xml.gz") {
		a.gzFile = true // colly inflates these by path, whatever the headers say
		r.Request.Abort()
		return
	}
	a.origCT = r.Headers.Get("Content-Type")
	ce := strings.ToLower(r.Headers.Get("Content-Encoding"))
	if strings.Contains(ce, "gzip") || ce == "" && strings.Contains(strings.ToLower(a.origCT), "gzip") {
		a.gunzip, a.origCE = true, r.Headers.Get("Content-Encoding")
		r.Headers.Del("Content-Encoding")
		r.Headers.Set("Content-Type", "application/octet-stream")
		return
	}
	if mt, _, err := mime.ParseMediaType(a.origCT); err == nil && mt != a.origCT {
		r.Headers.Set("Content-Type", mt)
	}
}

func (a *attempt) onResponse(r *colly.Response) {
	h := r.Headers.Clone()
	if a.origCT != "" {
		h.Set("Content-Type", a.origCT)
	}
	body := r.Body
	if a.gunzip && len(body) > 0 { // a 304 or 204 may say gzip and carry nothing
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			a.err = fmt.Errorf("gzip body: %w", err)
			return
		}
		if body, err = io.ReadAll(io.LimitReader(zr, a.maxBody+1)); err != nil {
			a.err = fmt.Errorf("gzip body: %w", err)
			return
		}
		h.Del("Content-Encoding") // inflated now
		if int64(len(body)) > a.maxBody {
			a.tooLarge = true
			return
		}
	}
	a.resp = &response{URL: r.Request.URL.String(), Status: r.StatusCode, Header: h, Body: body}
}

// classify turns colly's and net/http's errors into ours, with the URL.
func classify(method, rawURL string, err error) error {
	if errors.Is(err, ErrTooManyRedirects) {
		return fmt.Errorf("%s %s: %w", method, rawURL, ErrTooManyRedirects)
	}
	return fmt.Errorf("%s %s: %w", method, rawURL, err)
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
