package app

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/internal/schedule"
	"github.com/earshot/earshot/store"
)

// Rules converts the config's alert rules to the alerts package's values.
func Rules(cfg *config.Config) []alerts.Rule {
	out := make([]alerts.Rule, 0, len(cfg.Alerts.Rules))
	for _, r := range cfg.Alerts.Rules {
		// The config holds what the file says, defaults filled in, so a 0
		// here was written: no cooldown, which alerts.Rule spells NoCooldown
		// (its own zero means "the default").
		cooldown := r.Cooldown.D()
		if cooldown == 0 {
			cooldown = alerts.NoCooldown
		}
		out = append(out, alerts.Rule{
			Name: r.Name, Detector: r.Detector, Brands: r.Brands, By: r.By, Window: r.Window.D(),
			Sensitivity: r.Sensitivity, MinNegative: r.MinNegative, MinTotal: r.MinTotal, MinLift: r.MinLift,
			Cooldown: cooldown, FailingRuns: r.FailingRuns, SilentFor: r.SilentFor.D(),
		})
	}
	return out
}

// brandSources lists, per brand, the sources that can bring its mentions: the
// sources bound to it and every source that is matched by query.
func brandSources(cfg *config.Config) map[string][]string {
	out := make(map[string][]string, len(cfg.Brands))
	for _, b := range cfg.Brands {
		for _, s := range cfg.Sources {
			if !s.Disabled && (s.Brand == "" || s.Brand == b.Name) {
				out[b.Name] = append(out[b.Name], s.Name)
			}
		}
	}
	return out
}

// NewEvaluator builds the alert evaluator over db for cfg's rules, queueing
// alerts for channels.
func NewEvaluator(cfg *config.Config, db *store.DB, channels []string, o Options) (*alerts.Evaluator, error) {
	scan := func(brand string, from, to time.Time, fn func(*model.Mention) error) error {
		return db.EachMention(store.Query{Brand: brand, Since: from, Until: to}, fn)
	}
	ev, err := alerts.NewEvaluator(db, scan, alerts.Options{
		Rules: Rules(cfg), Channels: channels, BrandSources: brandSources(cfg),
		DashboardURL: cfg.Alerts.DashboardURL, Logger: o.Logger,
	})
	if err != nil {
		return nil, fmt.Errorf("alert rules: %w", err)
	}
	return ev, nil
}

// startAlerts schedules rule evaluation every alerts.interval and starts the
// outbox dispatcher. The returned func stops the dispatcher within ctx.
func (a *App) startAlerts(ctx context.Context, sched *schedule.Scheduler) (func(context.Context), error) {
	if a.cfg.Alerts.Disabled {
		return func(context.Context) {}, nil
	}
	spec := fmt.Sprintf("@every %s", a.cfg.Alerts.Interval.D())
	if err := sched.Add("alerts", spec, func(ctx context.Context) error {
		a.evaluateAlerts(ctx)
		return nil
	}); err != nil {
		return nil, err
	}
	// Not ctx: a stop signal must not cut off a send in flight (the receiver
	// may have it already, and a restart would send it again). Run stops the
	// dispatcher after the crawls, within the grace period.
	a.dispatcher.Start(context.WithoutCancel(ctx))
	return func(stopCtx context.Context) {
		if err := a.dispatcher.Close(stopCtx); err != nil {
			a.logger.Warn("stop alert delivery", "err", err)
		}
	}, nil
}

// evaluateAlerts runs the rules now and, when something was queued, asks the
// dispatcher to deliver at once. Failures are logged: the next run retries.
func (a *App) evaluateAlerts(ctx context.Context) {
	if a.evaluator == nil {
		return
	}
	queued, err := a.evaluator.Evaluate(ctx, a.now())
	if err != nil {
		a.logger.Error("evaluate alert rules", "err", err)
		return
	}
	a.telemetry.alertsQueued(queued)
	if len(queued) > 0 {
		a.logger.Info("alerts queued", "count", len(queued))
		a.dispatcher.Kick()
	}
}

// wireAlerts builds the notifiers, the evaluator and the dispatcher.
func (a *App) wireAlerts(o Options) error {
	notifiers, err := Notifiers(a.cfg, o)
	if err != nil {
		return err
	}
	channels := make([]string, 0, len(notifiers))
	for name := range notifiers {
		channels = append(channels, name)
	}
	sort.Strings(channels)
	a.channels = channels
	a.dispatcher = alerts.NewDispatcher(a.db, alerts.DispatcherOptions{Notifiers: notifiers, Logger: a.logger, Now: a.now})
	if a.cfg.Alerts.Disabled {
		return nil
	}
	a.evaluator, err = NewEvaluator(a.cfg, a.db, channels, o)
	return err
}
