package alerts

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors returned by this package.
var (
	// ErrBadRule reports a rule this package cannot evaluate (unknown detector,
	// sensitivity or "by"); the message names the rule and the field.
	ErrBadRule = errors.New("bad alert rule")
	// ErrNoNotifier reports a delivery queued for a channel with no notifier.
	ErrNoNotifier = errors.New("no notifier for channel")
	// ErrBadInputs reports stored alert inputs that cannot be re-detected.
	ErrBadInputs = errors.New("bad alert inputs")
)

// RetryAfterError is returned (possibly wrapped) by a Notifier when the
// receiver asked to be called again no sooner than After (HTTP 429 with
// Retry-After). The Dispatcher schedules the next attempt accordingly.
type RetryAfterError struct {
	After time.Duration
	Err   error
}

// Error says how long the receiver asked to wait.
func (e *RetryAfterError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("rate limited: retry after %s", e.After)
	}
	return fmt.Sprintf("%v: retry after %s", e.Err, e.After)
}

// Unwrap returns the underlying error.
func (e *RetryAfterError) Unwrap() error { return e.Err }
