package crawler

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Sentinel errors of the crawler. Callers test them with errors.Is; every
// returned error wraps one of them (or an *HTTPError) with the URL and source.
var (
	// ErrBodyTooLarge means a response was larger than crawl.max_body_bytes; it
	// is refused without being read in full.
	ErrBodyTooLarge = errors.New("response body larger than crawl.max_body_bytes")
	// ErrRobotsDisallowed means the site's robots.txt forbids earshot to fetch
	// the URL (crawl.respect_robots is true).
	ErrRobotsDisallowed = errors.New("robots.txt disallows earshot from fetching this URL")
	// ErrTooManyRedirects means a request was redirected more than crawl.max_redirects times.
	ErrTooManyRedirects = errors.New("too many redirects (crawl.max_redirects)")
	// ErrNotAFeed means a feed URL answered with something that is not a feed,
	// usually an HTML page.
	ErrNotAFeed = errors.New("not a feed")
	// ErrBadFeed means a feed could not be parsed (truncated or malformed).
	ErrBadFeed = errors.New("malformed feed")
	// ErrUnknownType means the config names a source type earshot does not have.
	ErrUnknownType = errors.New("unknown source type")
	// ErrBadSource means a source's configuration cannot work (no URL, no selectors).
	ErrBadSource = errors.New("invalid source configuration")
	// ErrBadResponse means an API answered 2xx with a body that is not the JSON
	// it documents (an HTML error page, a truncated body, a changed shape).
	ErrBadResponse = errors.New("unexpected API response")
)

// HTTPError is a response that stayed non-2xx (and not 304) after retries.
type HTTPError struct {
	Method string // "" reads as GET
	URL    string
	Status int
	// Body is what the server sent with the status (bounded by
	// crawl.max_body_bytes), for APIs that explain a refusal in it. It is
	// not part of Error: it may echo what was sent.
	Body []byte
	// RetryAfter is the server's Retry-After, when it asked for a wait longer
	// than earshot is willing to block a run for.
	RetryAfter time.Duration
}

// Error says which URL answered what.
func (e *HTTPError) Error() string {
	method := e.Method
	if method == "" {
		method = http.MethodGet
	}
	msg := fmt.Sprintf("%s %s: HTTP %d %s", method, e.URL, e.Status, http.StatusText(e.Status))
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(" (server asks to retry after %s)", e.RetryAfter)
	}
	return msg
}

// sentinelError carries a full user-facing message and unwraps to a sentinel,
// for messages that already say what the sentinel would add.
type sentinelError struct {
	msg string
	err error
}

func (e *sentinelError) Error() string { return e.msg }
func (e *sentinelError) Unwrap() error { return e.err }

// withSentinel formats msg and makes errors.Is(result, sentinel) true.
func withSentinel(sentinel error, format string, args ...any) error {
	return &sentinelError{msg: fmt.Sprintf(format, args...), err: sentinel}
}
