package crawler

import (
	"context"
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
	// Hosts is the per-host politeness state (rate limit, robots.txt cache)
	// shared by every source of the process: create one with NewHosts and
	// give it to each New. nil = private to the source (tests).
	Hosts *Hosts
}

// projectURL is the contact in the User-Agent when crawl.contact is empty.
const projectURL = "https://github.com/earshot/earshot"

// settings is config.Crawl as the fetcher applies it.
type settings struct {
	userAgent     string
	respectRobots bool
	delay         time.Duration // 0 = no delay
	parallelism   int
	timeout       time.Duration
	maxBody       int64
	retries       int // 0 = no retry
	maxRedirects  int // 0 = no redirect followed
	maxPages      int
}

// resolve turns config into settings. Zero versus none:
//
//   - The config loader fills every default (config.Default), so what it
//     passes is taken as written: delay 0s means no delay, retries 0 no
//     retry, max_redirects 0 no redirect followed.
//   - A config.Crawl that is entirely zero was not loaded from a file (tests,
//     embedding): it means config.Default().Crawl, so it is polite too.
//   - parallelism, timeout, max_body_bytes and max_pages must be positive in
//     a valid config, so a zero there is unambiguous and takes the default.
//   - A negative delay, retries or max_redirects (rejected in files) is none.
func resolve(c config.Crawl, version string) settings {
	c = withDefaults(c)
	def := config.Default().Crawl
	return settings{
		userAgent:     userAgent(version, c.Contact),
		respectRobots: c.RespectRobots == nil || *c.RespectRobots,
		delay:         max(c.Delay.D(), 0),
		parallelism:   positiveOr(c.Parallelism, def.Parallelism),
		timeout:       positiveOr(c.Timeout.D(), def.Timeout.D()),
		maxBody:       positiveOr(c.MaxBodyBytes, def.MaxBodyBytes),
		retries:       max(c.Retries, 0),
		maxRedirects:  max(c.MaxRedirects, 0),
		maxPages:      positiveOr(c.MaxPages, def.MaxPages),
	}
}

// withDefaults returns config.Default().Crawl for an entirely zero c (not
// loaded from a file), else c unchanged.
func withDefaults(c config.Crawl) config.Crawl {
	if c == (config.Crawl{}) {
		return config.Default().Crawl
	}
	return c
}

// positiveOr returns v when it is positive, else def.
func positiveOr[T int | int64 | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
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
func defaultClient(s settings, dialer func(*net.Dialer) func(ctx context.Context, network, address string) (net.Conn, error)) *http.Client {
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer(&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}),
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
