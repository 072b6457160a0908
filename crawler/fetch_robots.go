package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/temoto/robotstxt"
)

// allowed checks u against its origin's robots.txt, fetched once per origin
// and process (through Hosts) and trusted for robotsTTL. The error names the
// robots.txt URL and the setting that turns the check off, because the fix
// is the user's decision: ask the site, or set crawl.respect_robots: false
// for a site they own or may crawl by agreement.
func (f *fetcher) allowed(ctx context.Context, u *url.URL) error {
	origin := u.Scheme + "://" + u.Host
	robots, err := f.hosts.robotsFor(ctx, origin, f.now(), func(ctx context.Context) (*robotstxt.RobotsData, error) {
		return f.loadRobots(ctx, origin)
	})
	if err != nil {
		return fmt.Errorf("GET %s: reading robots.txt first: %w", u, err)
	}
	if robots.TestAgent(u.RequestURI(), f.set.userAgent) {
		return nil
	}
	return withSentinel(ErrRobotsDisallowed,
		"GET %s: %s/robots.txt disallows earshot (User-Agent %q) from fetching this URL; "+
			"the page was not requested. Set crawl.respect_robots: false only for a site you own or have permission to crawl",
		u, origin, f.set.userAgent)
}

// loadRobots fetches and parses one robots.txt. Like Google and RFC 9309: a
// 4xx means no rules; a 5xx means the site is not crawled, reported as an
// error so it is retried with backoff and not cached, like a network error.
func (f *fetcher) loadRobots(ctx context.Context, origin string) (*robotstxt.RobotsData, error) {
	u, err := url.Parse(origin + "/robots.txt")
	if err != nil {
		return nil, fmt.Errorf("robots.txt of %s: %w", origin, err)
	}
	release, err := f.hosts.limit(u.Host).acquire(ctx, f.set.parallelism, f.gap())
	if err != nil {
		return nil, fmt.Errorf("GET %s: waiting for a turn at %s: %w", u, u.Host, err)
	}
	defer release()
	resp, _, err := f.once(ctx, http.MethodGet, u.String(), nil, http.Header{"Accept": {"text/plain"}})
	if err != nil {
		return nil, err
	}
	status := resp.Status
	if status >= 500 {
		return nil, fmt.Errorf("%w; a site whose robots.txt fails is not crawled (RFC 9309)", &HTTPError{URL: u.String(), Status: status})
	}
	if status < 200 || (status >= 300 && status < 400) {
		status = http.StatusNotFound // 304 or an unfollowed redirect: no usable file
	}
	robots, err := robotstxt.FromStatusAndBytes(status, resp.Body)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", u, err)
	}
	return robots, nil
}
