// Package webhook delivers earshot alerts as signed JSON to any HTTP
// endpoint. Each POST carries the alert, an X-Earshot-Timestamp header and
// X-Earshot-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">,
// so receivers can check both origin and freshness (Verify does it).
//
// The package must not log or return the webhook URL or the secret.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/internal/model"
)

var _ alerts.Notifier = (*Notifier)(nil)

// Header names of a delivery.
const (
	HeaderSignature = "X-Earshot-Signature"
	HeaderTimestamp = "X-Earshot-Timestamp"
	HeaderAlertID   = "X-Earshot-Alert-Id" // the idempotency key: receivers drop repeats
)

// Sentinel errors.
var (
	ErrNoURL        = errors.New("webhook: no http(s) URL set")
	ErrBadSignature = errors.New("webhook: signature does not match")
	ErrStale        = errors.New("webhook: timestamp too old or in the future")
)

// Options configure a Notifier.
type Options struct {
	URL    string // where alerts are POSTed
	Secret string // HMAC key; empty sends unsigned
	// HTTPClient defaults to a client with a 30s timeout.
	HTTPClient *http.Client
	Logger     *slog.Logger
	Now        func() time.Time
}

// Payload is the JSON body of a delivery.
type Payload struct {
	Version int         `json:"version"` // 1
	Alert   model.Alert `json:"alert"`
}

// Notifier POSTs alerts to one URL.
type Notifier struct {
	opts Options
	log  *slog.Logger
}

// New checks the URL and returns a Notifier.
func New(opts Options) (*Notifier, error) {
	u, err := url.Parse(opts.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, ErrNoURL
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	// A redirect would turn the POST into an empty GET that may well answer
	// 200: the alert lost, reported delivered. A 3xx is a final error instead,
	// so the operator configures the URL it points to.
	c := *opts.HTTPClient
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	opts.HTTPClient = &c
	if opts.Now == nil {
		opts.Now = time.Now
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Notifier{opts: opts, log: log}, nil
}

// Notify POSTs a. 2xx is success; 429 (honouring Retry-After), 5xx and
// network errors are retried; other statuses fail fast.
func (n *Notifier) Notify(ctx context.Context, a model.Alert, _ model.Delivery) (string, bool, error) {
	body, err := json.Marshal(Payload{Version: 1, Alert: a})
	if err != nil {
		return "", false, fmt.Errorf("webhook: encode alert %s: %w", a.ID, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.opts.URL, bytes.NewReader(body))
	if err != nil {
		return "", false, fmt.Errorf("webhook: build request: %s", n.scrub(err.Error()))
	}
	ts := strconv.FormatInt(n.opts.Now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "earshot-webhook/1")
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderAlertID, a.ID)
	if n.opts.Secret != "" {
		req.Header.Set(HeaderSignature, Sign(n.opts.Secret, ts, body))
	}
	resp, err := n.opts.HTTPClient.Do(req)
	if err != nil {
		// A *url.Error spells out the URL (with a password masked as ***,
		// which no longer matches what scrub looks for): keep only its cause.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return "", true, fmt.Errorf("webhook: POST <webhook url>: %s", n.scrub(err.Error()))
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return classify(resp, n.opts.Now())
}

// classify maps a response to (ref, retry, err).
func classify(resp *http.Response, now time.Time) (string, bool, error) {
	code := resp.StatusCode
	ref := "http " + strconv.Itoa(code)
	switch {
	case code >= 200 && code < 300:
		return ref, false, nil
	case code == http.StatusTooManyRequests:
		err := fmt.Errorf("webhook: POST: %s", resp.Status)
		if d, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
			return "", true, &alerts.RetryAfterError{After: d, Err: err}
		}
		return "", true, err
	case code >= 500:
		return "", true, fmt.Errorf("webhook: POST: %s", resp.Status)
	case code >= 300 && code < 400:
		return "", false, fmt.Errorf("webhook: POST answered %s, a redirect: set the webhook URL to where it points (the Location header; not followed, as that would drop the body)", resp.Status)
	}
	return "", false, fmt.Errorf("webhook: POST refused: %s", resp.Status)
}

// scrub removes the URL (it may hold a token) from an error message.
func (n *Notifier) scrub(msg string) string {
	secrets := []string{n.opts.URL, url.QueryEscape(n.opts.URL), n.opts.Secret}
	if u, err := url.Parse(n.opts.URL); err == nil { // the forms errors print it in
		secrets = append(secrets, u.Redacted(), u.RawQuery)
		if pw, ok := u.User.Password(); ok {
			secrets = append(secrets, pw)
		}
		if len(u.Path) > 1 { // tokens often live in the path (/hooks/T0/B0/secret)
			secrets = append(secrets, u.Path)
		}
	}
	for _, s := range secrets {
		if s != "" {
			msg = strings.ReplaceAll(msg, s, "<webhook url>")
		}
	}
	return msg
}

// Sign returns the X-Earshot-Signature value for a body sent at timestamp ts.
func Sign(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a delivery's signature and that its timestamp is within
// maxSkew of now: what a receiver runs before trusting the body.
func Verify(secret, ts string, body []byte, signature string, now time.Time, maxSkew time.Duration) error {
	if !hmac.Equal([]byte(Sign(secret, ts, body)), []byte(signature)) {
		return ErrBadSignature
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: %q is not unix seconds", ErrStale, ts)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > maxSkew || d < -maxSkew {
		return fmt.Errorf("%w: %s off", ErrStale, d)
	}
	return nil
}

// ParseRetryAfter reads a Retry-After header: delay seconds or an HTTP
// date. It reports false for anything else, and caps the wait at a day.
func ParseRetryAfter(h string, now time.Time) (time.Duration, bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, false
	}
	if s, err := strconv.ParseInt(h, 10, 64); err == nil {
		if s < 0 {
			return 0, false
		}
		return min(time.Duration(min(s, 86400))*time.Second, 24*time.Hour), true
	}
	t, err := http.ParseTime(h)
	if err != nil {
		return 0, false
	}
	return min(max(t.Sub(now), 0), 24*time.Hour), true
}
