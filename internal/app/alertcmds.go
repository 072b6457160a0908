package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/earshot/earshot/internal/model"
)

// ErrAlertsDisabled is returned by alert commands when alerts.disabled is set.
var ErrAlertsDisabled = errors.New("alerts are disabled in the config (alerts.disabled: true)")

// ErrNoNotifier is returned when an alert command needs a channel and none is configured.
var ErrNoNotifier = errors.New("no alert channel is configured: set alerts.slack.channel with SLACK_BOT_TOKEN (or webhook_url_env), or alerts.webhook.url_env")

// CheckAlerts evaluates the rules as of at, then delivers what is pending,
// waiting at most maxWait for retries (Slack 429s, outages). It returns the
// alerts queued now and how many deliveries were sent.
func (a *App) CheckAlerts(ctx context.Context, at time.Time, maxWait time.Duration) ([]model.Alert, int, error) {
	if a.evaluator == nil {
		return nil, 0, ErrAlertsDisabled
	}
	queued, err := a.evaluator.Evaluate(ctx, at)
	if err != nil {
		return nil, 0, fmt.Errorf("evaluate alert rules: %w", err)
	}
	sent, err := a.deliverPending(ctx, maxWait)
	return queued, sent, err
}

// Replay lists what the rules would have fired over [from, to), stepping by
// step, from stored history. It stores and sends nothing.
func (a *App) Replay(ctx context.Context, from, to time.Time, step time.Duration) ([]model.Alert, error) {
	if a.evaluator == nil {
		return nil, ErrAlertsDisabled
	}
	return a.evaluator.Replay(ctx, from, to, step)
}

// SendTest queues a test alert on every channel and delivers it through the
// same outbox as real alerts.
func (a *App) SendTest(ctx context.Context, maxWait time.Duration) (int, error) {
	channels := a.Channels()
	if len(channels) == 0 {
		return 0, ErrNoNotifier
	}
	now := a.now().UTC()
	alert := model.Alert{
		ID: "test-" + now.Format("20060102T150405.000000000"), Kind: model.AlertTest, Rule: "test",
		Detector: "test", Summary: "earshot test message: alerts reach this channel.", CreatedAt: now,
		WindowStart: now, WindowEnd: now, DashboardURL: a.cfg.Alerts.DashboardURL,
	}
	if _, err := a.db.EnqueueAlert(alert, channels, nil); err != nil {
		return 0, fmt.Errorf("queue test alert: %w", err)
	}
	return a.deliverPending(ctx, maxWait)
}

// Channels names the configured alert channels.
func (a *App) Channels() []string { return a.channels }

// deliverPending drains the outbox until nothing is due or maxWait passes
// (by the wall clock too: a delivery that stays due without being sent, as
// when the outbox cannot record a send, must not keep it spinning).
func (a *App) deliverPending(ctx context.Context, maxWait time.Duration) (int, error) {
	deadline, stop := a.now().Add(maxWait), time.Now().Add(maxWait)
	total := 0
	for {
		n, err := a.dispatcher.Drain(ctx)
		total += n
		if err != nil {
			return total, err
		}
		pending, err := a.db.PendingDeliveries(deadline, 1)
		if err != nil || len(pending) == 0 {
			return total, err
		}
		wait := time.Until(pending[0].NextAttempt)
		if n == 0 && wait <= 0 {
			wait = 250 * time.Millisecond // due but not sent: do not spin
		}
		if time.Now().Add(wait).After(stop) {
			return total, nil // what is left is in the outbox; status shows it
		}
		select {
		case <-ctx.Done():
			return total, ctx.Err()
		case <-time.After(wait):
		}
	}
}
