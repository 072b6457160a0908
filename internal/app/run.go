package app

import (
	"context"
	"fmt"
	"time"

	"github.com/earshot/earshot/internal/schedule"
)

// stopGrace bounds how long Run waits, after ctx ends, for crawls in hand to
// store their batch before their contexts are cancelled.
const stopGrace = 30 * time.Second

// Run schedules every enabled source and the alert work, and blocks until ctx
// ends; then it lets running passes finish (within stopGrace) and returns.
func (a *App) Run(ctx context.Context) error {
	sched := schedule.New(schedule.Options{Logger: a.logger, Jitter: a.cfg.Crawl.Jitter.D()})
	for _, name := range a.SourceNames() {
		s := a.sources[name]
		if err := sched.Add("crawl "+name, s.cfg.Schedule, a.crawlJob(name)); err != nil {
			return err
		}
	}
	stopAlerts, err := a.startAlerts(ctx, sched)
	if err != nil {
		return err
	}
	sched.Start()
	a.logger.Info("earshot running", "sources", len(a.sources), "store", a.db.Path())
	<-ctx.Done()
	a.logger.Info("stopping: letting running crawls store their batch", "grace", stopGrace)
	stopCtx, cancel := context.WithTimeout(context.Background(), stopGrace)
	defer cancel()
	err = sched.Stop(stopCtx)
	stopAlerts(stopCtx)
	return err
}

// crawlJob is one scheduled pass of a source, followed by an alert evaluation so
// a storm is noticed as soon as its mentions are stored.
func (a *App) crawlJob(name string) schedule.Job {
	return func(ctx context.Context) error {
		sum, err := a.Crawl(ctx, name)
		if err != nil {
			return fmt.Errorf("crawl %s: %w", name, err)
		}
		if sum.New > 0 {
			a.evaluateAlerts(ctx)
		}
		return nil
	}
}
