package crawler

import (
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/earshot/earshot/internal/config"
)

// Options are the dependencies of every source.
type Options struct {
	Version    string           // earshot version, for the User-Agent
	Logger     *slog.Logger     // nil discards logs
	HTTPClient *http.Client     // nil = a default with connect and read timeouts; tests pass httptest clients
	Now        func() time.Time // nil = time.Now
}

// Fallbacks for zero values in config.Crawl, so a zero Crawl (tests, embedded
// use) is still polite. The config loader normally fills the same defaults.
const (
	defaultDelay        = time.Second
	defaultParallelism  = 2
	defaultTimeout      = 30 * time.Second
	defaultMaxBody      = 10 << 20
	defaultRetries      = 3
	defaultMaxRedirects = 5
	defaultMaxPages     = 10
	projectURL          = "https://github.com/earshot/earshot"
)

// settings is config.Crawl with every fallback applied.
type settings struct {
	userAgent     string
	respectRobots bool
	delay         time.Duration // 0 = no delay (crawl.delay < 0)
	parallelism   int
	timeout       time.Duration
	maxBody       int64
	retries       int // 0 = no retry (crawl.retries < 0)
	maxRedirects  int
	maxPages      int
}

// resolve applies fallbacks. Zero means "default"; a negative delay or retry
// count means "none", which is how benchmarks and tests switch them off.
func resolve(c config.Crawl, version string) settings {
	s := settings{
		userAgent:     userAgent(version, c.Contact),
		respectRobots: c.RespectRobots == nil || *c.RespectRobots,
		delay:         orDefault(c.Delay.D(), defaultDelay),
		parallelism:   orDefault(c.Parallelism, defaultParallelism),
		timeout:       orDefault(c.Timeout.D(), defaultTimeout),
		maxBody:       orDefault(c.MaxBodyBytes, defaultMaxBody),
		retries:       orDefault(c.Retries, defaultRetries),
		maxRedirects:  orDefault(c.MaxRedirects, defaultMaxRedirects),
		maxPages:      orDefault(c.MaxPages, defaultMaxPages),
	}
	return s
}

// orDefault returns def for zero, zero for negative values, else v.
func orDefault[T int | int64 | time.Duration](v, def T) T {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

// userAgent names earshot, its version and how to reach the operator.
func userAgent(version, contact string) string {
	if version == "" {
		version = "dev"
	}
	if contact == "" {
		contact = projectURL
	}
	return "earshot/" + version + " (+" + contact + ")"
}

// defaultClient has connect, TLS and header timeouts on top of the whole-request
// timeout that the fetcher sets.
func defaultClient(s settings) *http.Client {
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: s.timeout,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   max(s.parallelism, 2),
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{Transport: tr, Timeout: s.timeout}
}

// discardLogger is used when Options.Logger is nil.
func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
