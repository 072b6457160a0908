package alerts

import (
	"context"
	"fmt"
	"time"
)

// Run drains the outbox every Interval (and whenever Kick is called) until
// ctx ends. Errors are logged, never fatal: the outbox keeps what was not sent.
func (d *Dispatcher) Run(ctx context.Context) {
	t := time.NewTicker(d.opts.Interval)
	defer t.Stop()
	for {
		if _, err := d.Drain(ctx); err != nil && ctx.Err() == nil {
			d.log.Error("drain alert outbox", "err", err)
		}
		select {
		case <-ctx.Done():
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

// Close stops the loop started by Start and waits for it, at most until
// ctx ends: an in-flight send is cancelled and stays pending in the outbox.
func (d *Dispatcher) Close(ctx context.Context) error {
	if d.cancel == nil {
		return nil
	}
	d.cancel()
	done := make(chan struct{})
	go func() {
		d.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("stop alert dispatcher: %w", ctx.Err())
	}
}
