package alerts

import (
	"context"
	"fmt"
	"time"
)

// Run drains the outbox every Interval (and whenever Kick is called) until
// ctx ends, or until Close asks it to stop: then it finishes the send in
// hand, drains once more (alerts queued by the last crawls) and returns.
// Errors are logged, never fatal: the outbox keeps what was not sent.
func (d *Dispatcher) Run(ctx context.Context) {
	t := time.NewTicker(d.opts.Interval)
	defer t.Stop()
	drain := func() {
		if _, err := d.Drain(ctx); err != nil && ctx.Err() == nil {
			d.log.Error("drain alert outbox", "err", err)
		}
	}
	for {
		drain()
		select {
		case <-ctx.Done():
			return
		case <-d.stopping:
			drain()
			return
		case <-t.C:
		case <-d.kick:
		}
	}
}

// Start runs Run in the background until Close.
func (d *Dispatcher) Start(ctx context.Context) {
	ctx, d.cancel = context.WithCancel(ctx)
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		d.Run(ctx)
	}()
}

// Kick asks the running loop to drain now (after Evaluate queued alerts).
func (d *Dispatcher) Kick() {
	select {
	case d.kick <- struct{}{}:
	default: // a drain is already due
	}
}

// Close stops the loop started by Start: it lets the send in hand finish
// and the last queued alerts go out, until ctx ends; then an in-flight send
// is cancelled and stays pending in the outbox, for the next start.
func (d *Dispatcher) Close(ctx context.Context) error {
	if d.cancel == nil {
		return nil
	}
	d.stopOnce.Do(func() { close(d.stopping) })
	done := make(chan struct{})
	go func() {
		d.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		d.cancel()
		return nil
	case <-ctx.Done():
		d.cancel()
		<-done
		return fmt.Errorf("stop alert dispatcher: sends cancelled after the grace period: %w", ctx.Err())
	}
}
