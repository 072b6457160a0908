package crawler

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Backoff bounds. A server asking for a longer Retry-After than maxRetryAfter
// gets an *HTTPError carrying the wait instead of a blocked run.
const (
	backoffBase   = 500 * time.Millisecond
	backoffMax    = 30 * time.Second
	maxRetryAfter = 2 * time.Minute
)

// shouldRetry decides whether an attempt is worth repeating and after how
// long. Retried: network errors, 429 and 5xx. Never retried: context ends,
// robots.txt, oversized bodies, redirect loops, other statuses.
func (f *fetcher) shouldRetry(ctx context.Context, resp *response, err error, attempt int) (time.Duration, bool) {
	if ctx.Err() != nil {
		return 0, false
	}
	if err != nil {
		if errors.Is(err, ErrRobotsDisallowed) || errors.Is(err, ErrBodyTooLarge) ||
			errors.Is(err, ErrTooManyRedirects) || errors.Is(err, ErrBadSource) {
			return 0, false
		}
		return f.backoff(attempt), attempt < f.set.retries
	}
	if resp.Status != http.StatusTooManyRequests && resp.Status < 500 {
		return 0, false
	}
	wait := f.backoff(attempt)
	if ra, ok := retryAfter(resp.Header.Get("Retry-After"), f.now()); ok {
		if ra > maxRetryAfter {
			return ra, false
		}
		wait = ra
	}
	return wait, attempt < f.set.retries
}

// backoff is exponential with up to 50% jitter, capped.
func (f *fetcher) backoff(attempt int) time.Duration {
	d := backoffBase << min(attempt, 10)
	d = min(d, backoffMax)
	return d + f.jitter(d/2)
}

// retryAfter parses Retry-After as seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// finish turns the last attempt into the result: errors pass through, a
// lasting non-2xx status (other than 304) becomes an *HTTPError.
func finish(method, rawURL string, resp *response, err error, wait time.Duration) (*response, error) {
	if err != nil {
		return nil, err
	}
	if resp.Status == http.StatusNotModified || (resp.Status >= 200 && resp.Status < 300) {
		return resp, nil
	}
	he := &HTTPError{Method: method, URL: rawURL, Status: resp.Status, Body: resp.Body}
	if wait > maxRetryAfter {
		he.RetryAfter = wait
	}
	return nil, he
}

// describe is the cause of a retry, for logs and the final error.
func describe(resp *response, err error) any {
	if err != nil {
		return err
	}
	return "HTTP " + strconv.Itoa(resp.Status)
}

// randomJitter returns a random duration in [0, d).
func randomJitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return rand.N(d)
}
