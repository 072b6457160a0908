package alerts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/earshot/earshot/internal/model"
)

// Notifier delivers one alert to one channel. ref is what the channel
// returned (a Slack channel/ts), kept for threads; retry says whether a
// failure is worth trying again (network, 429, 5xx) or final (4xx, bad
// config). A *RetryAfterError in err sets the earliest next attempt.
// Errors must not contain secrets (tokens, webhook URLs).
type Notifier interface {
	Notify(ctx context.Context, a model.Alert, d model.Delivery) (ref string, retry bool, err error)
}

// Outbox is the store's durable outbox as the Dispatcher uses it. *store.DB
// satisfies it.
type Outbox interface {
	PendingDeliveries(now time.Time, limit int) ([]model.Delivery, error)
	UpdateDelivery(d model.Delivery) error
	Alert(id string) (model.Alert, error)
}

// DeliveryReader is optionally implemented by the Outbox: it lets a resolve
// notice find the firing alert's message (to reply in its thread) after a
// restart. Without it, the Dispatcher remembers refs it sent itself.
type DeliveryReader interface {
	Delivery(alertID, channel string) (model.Delivery, error)
}

// DispatcherOptions configure a Dispatcher. Zero values take the defaults.
type DispatcherOptions struct {
	// Notifiers by channel name (the names given to Options.Channels).
	Notifiers map[string]Notifier
	Interval  time.Duration // how often Run polls the outbox; default 15s
	Batch     int           // deliveries read per pass; default 50
	// MinBackoff and MaxBackoff bound the exponential backoff; defaults 30s, 1h.
	MinBackoff, MaxBackoff time.Duration
	// GiveUpAfter abandons a delivery this long after its alert was created,
	// recording why in LastError; default 24h.
	GiveUpAfter time.Duration
	Logger      *slog.Logger
	Now         func() time.Time
}

// Dispatcher drains the outbox to the notifiers: it marks a delivery sent
// only after its notifier succeeded, so a restart resends what was not
// confirmed and never what was.
type Dispatcher struct {
	ob   Outbox
	opts DispatcherOptions
	log  *slog.Logger

	mu   sync.Mutex        // one drain at a time
	refs map[string]string // alertID|channel -> ref of deliveries sent by this process

	kick   chan struct{}
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// giveUp is the NextAttempt of a delivery that will not be retried: the
// outbox keeps it, with its LastError, for `earshot status` to show.
var giveUp = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// NewDispatcher returns a Dispatcher draining ob.
func NewDispatcher(ob Outbox, opts DispatcherOptions) *Dispatcher {
	if opts.Interval <= 0 {
		opts.Interval = 15 * time.Second
	}
	if opts.Batch <= 0 {
		opts.Batch = 50
	}
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = 30 * time.Second
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = time.Hour
	}
	if opts.GiveUpAfter <= 0 {
		opts.GiveUpAfter = 24 * time.Hour
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Dispatcher{ob: ob, opts: opts, log: log, refs: map[string]string{}, kick: make(chan struct{}, 1)}
}

// Drain makes one pass over the due deliveries and returns how many were
// sent. A failed delivery is rescheduled, not returned as an error; the
// error is for the outbox itself failing.
func (d *Dispatcher) Drain(ctx context.Context) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	due, err := d.ob.PendingDeliveries(d.opts.Now(), d.opts.Batch)
	if err != nil {
		return 0, fmt.Errorf("read outbox: %w", err)
	}
	sent := 0
	for _, dl := range due {
		if ctx.Err() != nil {
			return sent, ctx.Err()
		}
		ok, err := d.deliver(ctx, dl)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// deliver sends one delivery and records the outcome in the outbox.
func (d *Dispatcher) deliver(ctx context.Context, dl model.Delivery) (bool, error) {
	a, err := d.ob.Alert(dl.AlertID)
	if err != nil {
		return false, fmt.Errorf("read alert %s for %s: %w", dl.AlertID, dl.Channel, err)
	}
	log := d.log.With("alert", a.ID, "channel", dl.Channel, "attempt", dl.Attempts+1)
	n, ok := d.opts.Notifiers[dl.Channel]
	dl.Attempts++
	if !ok {
		return false, d.failed(log, a, dl, fmt.Errorf("%w %q", ErrNoNotifier, dl.Channel), true)
	}
	if a.Kind == model.AlertResolved && dl.ThreadRef == "" {
		dl.ThreadRef = d.threadRef(a.Resolves, dl.Channel)
	}
	ref, retry, err := n.Notify(ctx, a, dl)
	if err != nil {
		return false, d.failed(log, a, dl, err, retry)
	}
	dl.SentAt, dl.Ref, dl.LastError = d.opts.Now(), ref, ""
	d.remember(dl)
	if err := d.ob.UpdateDelivery(dl); err != nil {
		// Sent but not recorded: a restart would send it again. Say so loudly.
		return true, fmt.Errorf("mark alert %s sent to %s: %w", a.ID, dl.Channel, err)
	}
	log.Info("alert sent", "summary", a.Summary)
	return true, nil
}

// failed reschedules (or abandons) a delivery after an error.
func (d *Dispatcher) failed(log *slog.Logger, a model.Alert, dl model.Delivery, err error, retry bool) error {
	now := d.opts.Now()
	dl.LastError = err.Error()
	var ra *RetryAfterError
	switch {
	case !retry || now.Sub(a.CreatedAt) > d.opts.GiveUpAfter:
		dl.NextAttempt = giveUp
		dl.LastError = "gave up: " + dl.LastError
		log.Error("alert not delivered, giving up", "err", err)
	case errors.As(err, &ra):
		dl.NextAttempt = now.Add(max(ra.After, time.Second))
		log.Warn("alert delivery rate limited", "retry_at", dl.NextAttempt, "err", err)
	default:
		dl.NextAttempt = now.Add(d.backoff(dl.Attempts))
		log.Warn("alert delivery failed, will retry", "retry_at", dl.NextAttempt, "err", err)
	}
	if err := d.ob.UpdateDelivery(dl); err != nil {
		return fmt.Errorf("reschedule alert %s to %s: %w", dl.AlertID, dl.Channel, err)
	}
	return nil
}

// backoff doubles from MinBackoff with each attempt, up to MaxBackoff.
func (d *Dispatcher) backoff(attempts int) time.Duration {
	b := d.opts.MinBackoff
	for i := 1; i < attempts && b < d.opts.MaxBackoff; i++ {
		b *= 2
	}
	return min(b, d.opts.MaxBackoff)
}

func (d *Dispatcher) remember(dl model.Delivery) {
	if len(d.refs) > 10000 { // bound the memory; the store is the truth
		clear(d.refs)
	}
	d.refs[dl.AlertID+"|"+dl.Channel] = dl.Ref
}

// threadRef finds the message of the firing alert a resolve notice answers.
func (d *Dispatcher) threadRef(firingID, channel string) string {
	if ref, ok := d.refs[firingID+"|"+channel]; ok {
		return ref
	}
	if r, ok := d.ob.(DeliveryReader); ok && firingID != "" {
		if dl, err := r.Delivery(firingID, channel); err == nil {
			return dl.Ref
		}
	}
	return ""
}
