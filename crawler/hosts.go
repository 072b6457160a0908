package crawler

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// Hosts is the politeness state of one process, per host: how many requests
// are in flight, when the next may start, and the robots.txt answers. Every
// source built with the same *Hosts (through Options.Hosts) shares it, so
// five review pages on one site together keep to crawl.delay and
// crawl.parallelism instead of each keeping to them alone. The zero value is
// not usable; create one with NewHosts. It is safe for concurrent use.
type Hosts struct {
	mu     sync.Mutex
	limits map[string]*hostLimit   // by host:port
	robots map[string]*robotsEntry // by scheme://host:port, as robots.txt is
}

// NewHosts returns empty politeness state, to be shared by every source of
// one process.
func NewHosts() *Hosts {
	return &Hosts{limits: map[string]*hostLimit{}, robots: map[string]*robotsEntry{}}
}

// hostLimit spaces request starts to one host by at least the delay and
// keeps at most the parallelism in flight. It waits on real timers, so it
// uses the monotonic clock rather than the injected one (which only dates
// things).
type hostLimit struct {
	mu       sync.Mutex
	inFlight int
	next     time.Time     // earliest start of the next request
	freed    chan struct{} // closed (and replaced) whenever a request ends
}

// limit returns the limiter of host, creating it on first use. Host names
// are case-insensitive, so Example.com and example.com share one.
func (h *Hosts) limit(host string) *hostLimit {
	host = strings.ToLower(host)
	h.mu.Lock()
	defer h.mu.Unlock()
	l := h.limits[host]
	if l == nil {
		l = &hostLimit{freed: make(chan struct{})}
		h.limits[host] = l
	}
	return l
}

// acquire waits until a request to the host may start: fewer than
// parallelism in flight and gap after the previous start. The gap is the
// caller's: sources configured differently each leave their own gap after
// their requests. It returns the release to call when the request is done.
func (l *hostLimit) acquire(ctx context.Context, parallelism int, gap time.Duration) (func(), error) {
	for {
		l.mu.Lock()
		now := time.Now()
		if l.inFlight < max(parallelism, 1) && !now.Before(l.next) {
			l.inFlight++
			l.next = now.Add(gap)
			l.mu.Unlock()
			return l.release, nil
		}
		freed, wait := l.freed, l.next.Sub(now)
		full := l.inFlight >= max(parallelism, 1)
		l.mu.Unlock()
		if err := waitTurn(ctx, freed, full, wait); err != nil {
			return nil, err
		}
	}
}

// waitTurn waits for a request to end (when all slots are taken) or for the
// gap to pass, or for ctx to end.
func waitTurn(ctx context.Context, freed <-chan struct{}, full bool, wait time.Duration) error {
	var timer <-chan time.Time
	if !full {
		t := time.NewTimer(wait)
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-freed:
	case <-timer:
	}
	return nil
}

func (l *hostLimit) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inFlight--
	close(l.freed)
	l.freed = make(chan struct{})
}

// robotsTTL bounds how long a robots.txt answer is trusted: a changed file,
// or a transient 5xx that reads as "disallow all", is re-read within the hour.
const robotsTTL = time.Hour

// robotsEntry is one origin's robots.txt: being fetched until done closes,
// then data (or err, which is not kept: the next request asks again).
type robotsEntry struct {
	done    chan struct{}
	data    *robotstxt.RobotsData
	err     error
	fetched time.Time
}

// robotsFor returns origin's robots.txt, fetching it with load when there is
// no fresh copy. Concurrent callers for one origin share one fetch, so the
// file is requested once however many sources ask.
func (h *Hosts) robotsFor(ctx context.Context, origin string, now time.Time,
	load func(context.Context) (*robotstxt.RobotsData, error)) (*robotstxt.RobotsData, error) {
	origin = strings.ToLower(origin)
	h.mu.Lock()
	e := h.robots[origin]
	stale := e != nil && isDone(e.done) && (e.err != nil || now.Sub(e.fetched) > robotsTTL || now.Before(e.fetched))
	if e == nil || stale {
		e = &robotsEntry{done: make(chan struct{}), fetched: now}
		h.robots[origin] = e
		h.mu.Unlock()
		e.data, e.err = load(ctx)
		close(e.done)
		return e.data, e.err
	}
	h.mu.Unlock()
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-e.done:
		return e.data, e.err
	}
}

// isDone reports whether ch is closed.
func isDone(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
