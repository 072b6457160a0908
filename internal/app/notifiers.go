package app

import (
	"fmt"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/alerts/slack"
	"github.com/earshot/earshot/alerts/webhook"
	"github.com/earshot/earshot/internal/config"
)

// Notifiers builds the configured alert channels, by the channel names stored
// in the outbox. This is the one place that imports every notifier.
func Notifiers(cfg *config.Config, o Options) (map[string]alerts.Notifier, error) {
	out := map[string]alerts.Notifier{}
	s := cfg.Alerts.Slack
	if s.Token != "" || s.WebhookURL != "" {
		n, err := slack.New(slack.Options{
			Token: s.Token.Reveal(), WebhookURL: s.WebhookURL.Reveal(), Channel: s.Channel, APIURL: s.APIURL,
			HTTPClient: o.AlertHTTPClient, MinInterval: o.SlackMinInterval, Logger: o.Logger, Now: o.Now,
		})
		if err != nil {
			return nil, fmt.Errorf("alerts.slack: %w", err)
		}
		out["slack"] = n
	}
	if w := cfg.Alerts.Webhook; w.URL != "" {
		n, err := webhook.New(webhook.Options{URL: w.URL.Reveal(), Secret: w.Secret.Reveal(), HTTPClient: o.AlertHTTPClient, Logger: o.Logger, Now: o.Now})
		if err != nil {
			return nil, fmt.Errorf("alerts.webhook: %w", err)
		}
		out["webhook"] = n
	}
	return out, nil
}
