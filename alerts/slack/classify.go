package slack

import (
	"errors"
	"strings"

	"github.com/earshot/earshot/alerts"
	slackapi "github.com/slack-go/slack"
)

// retryableAPIErrors are Slack API error codes worth trying again later;
// every other ok:false answer (invalid_auth, channel_not_found, ...) needs
// a person to fix the config.
var retryableAPIErrors = map[string]bool{
	"ratelimited": true, "internal_error": true, "fatal_error": true,
	"service_unavailable": true, "request_timeout": true,
}

// retryable classifies an error from slack-go: 429, 5xx and network errors
// are retried, other HTTP errors and API refusals fail fast.
func (n *Notifier) retryable(err error) bool {
	if err == nil {
		return false
	}
	var rl *slackapi.RateLimitedError
	var sc slackapi.StatusCodeError
	var api slackapi.SlackErrorResponse
	switch {
	case errors.As(err, &rl):
		return true
	case errors.As(err, &sc):
		return sc.Code == 429 || sc.Code >= 500
	case errors.As(err, &api):
		return retryableAPIErrors[api.Err]
	}
	return true // network errors, timeouts, cancelled sends: try again
}

// scrub turns err into an error that names what failed without the token or
// the webhook URL, keeping a Retry-After for the dispatcher.
func (n *Notifier) scrub(what string, err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	for _, s := range n.secrets {
		msg = strings.ReplaceAll(msg, s, "<secret>")
	}
	out := errors.New(what + ": " + msg)
	var rl *slackapi.RateLimitedError
	if errors.As(err, &rl) {
		return &alerts.RetryAfterError{After: rl.RetryAfter, Err: out}
	}
	return out
}
