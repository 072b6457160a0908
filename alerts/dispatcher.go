package alerts

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
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

// ResolveMarker is optionally implemented by a Notifier that can mark a
// firing alert's own message as resolved in place (Slack's chat.update), so
// that the channel shows which storms are over without opening threads. It
// is called after the resolve notice that ends a storm (no other rule still
// firing on its scope) was delivered, with the alert whose message starts
// the notice's thread; it is best effort (the notice already says it), and
// marking twice must do no harm.
type ResolveMarker interface {
	MarkResolved(ctx context.Context, firing model.Alert, firingRef string, resolved model.Alert) error
}

// Outbox is the store's durable outbox as the Dispatcher uses it. *store.DB
// satisfies it.
type Outbox interface {
	PendingDeliveries(now time.Time, limit int) ([]model.Delivery, error)
	UpdateDelivery(d model.Delivery) error
	Alert(id string) (model.Alert, error)
}

// DeliveryReader is optionally implemented by the Outbox: it lets a reply
// (a resolve notice, a follow-up) find its parent alert's message after a
// restart, and wait for a parent not sent yet. Without it, the Dispatcher
// remembers refs it sent itself.
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

	mu   sync.Mutex        // one drain at a time; guards refs and holds
	refs map[string]string // alertID|channel -> ref of deliveries sent by this process
	// holds is, per channel, the next attempt of a delivery that failed in
	// a way worth retrying (a 429's Retry-After, an outage). The channel's
	// other deliveries wait behind it: Slack asked us to slow down, and a
	// channel should read in the order its alerts were raised.
	holds map[string]time.Time

	kick     chan struct{}
	stopping chan struct{} // closed by Close: finish, drain once more, return
	stopOnce sync.Once
	cancel   context.CancelFunc
	wg       sync.WaitGroup
}

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
	return &Dispatcher{ob: ob, opts: opts, log: log, refs: map[string]string{}, holds: map[string]time.Time{}, kick: make(chan struct{}, 1), stopping: make(chan struct{})}
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
	d.inRaiseOrder(due)
	// A reply whose thread is not started yet (its parent comes later in
	// this batch: same time, ids in hash order) goes in a second pass.
	sent, replies, err := d.pass(ctx, due, true)
	if err != nil {
		return sent, err
	}
	n, _, err := d.pass(ctx, replies, false)
	return sent + n, err
}

// inRaiseOrder sorts due deliveries by when their alerts were raised, so a
// channel reads in that order. The outbox gives them by next attempt, and
// deliveries held behind a failed one share one (see deliver), where it
// breaks ties by alert ID, a hash.
func (d *Dispatcher) inRaiseOrder(due []model.Delivery) {
	raised := make(map[string]time.Time, len(due))
	for _, dl := range due {
		if _, ok := raised[dl.AlertID]; !ok {
			if a, err := d.ob.Alert(dl.AlertID); err == nil {
				raised[dl.AlertID] = a.CreatedAt
			}
		}
	}
	slices.SortStableFunc(due, func(x, y model.Delivery) int {
		return cmp.Or(raised[x.AlertID].Compare(raised[y.AlertID]), cmp.Compare(x.AlertID, y.AlertID))
	})
}

// pass delivers each of due in order; with mayWait, replies whose parent is
// not sent yet are returned instead.
func (d *Dispatcher) pass(ctx context.Context, due []model.Delivery, mayWait bool) (sent int, waiting []model.Delivery, err error) {
	for _, dl := range due {
		if ctx.Err() != nil {
			return sent, waiting, ctx.Err()
		}
		ok, waits, err := d.deliver(ctx, dl, mayWait)
		if err != nil {
			return sent, waiting, err
		}
		if waits {
			waiting = append(waiting, dl)
		}
		if ok {
			sent++
		}
	}
	return sent, waiting, nil
}

// deliver sends one delivery and records the outcome in the outbox. A reply
// (a resolve notice, or an alert following up another) whose parent is not
// sent yet reports waits when mayWait, else is rescheduled after the parent.
func (d *Dispatcher) deliver(ctx context.Context, dl model.Delivery, mayWait bool) (sent, waits bool, err error) {
	a, err := d.ob.Alert(dl.AlertID)
	if err != nil {
		return false, false, fmt.Errorf("read alert %s for %s: %w", dl.AlertID, dl.Channel, err)
	}
	log := d.log.With("alert", a.ID, "channel", dl.Channel, "attempt", dl.Attempts+1)
	if parent := parentOf(a); parent != "" && dl.ThreadRef == "" {
		ref, pendingUntil, pending := d.threadRef(parent, dl.Channel)
		switch {
		case ref == "" && pending && mayWait:
			return false, true, nil
		case ref == "" && pending:
			// The parent is rate limited or failing: wait with it, so
			// the thread starts before its replies.
			dl.NextAttempt = d.opts.Now().Add(time.Second)
			if pendingUntil.After(dl.NextAttempt) {
				dl.NextAttempt = pendingUntil.Add(time.Second)
			}
			if err := d.ob.UpdateDelivery(dl); err != nil {
				return false, false, fmt.Errorf("reschedule alert %s to %s: %w", dl.AlertID, dl.Channel, err)
			}
			return false, false, nil
		}
		dl.ThreadRef = ref // "" when the parent was never sent: post on its own
	}
	if ref, sent := d.refs[dl.AlertID+"|"+dl.Channel]; sent {
		// Sent by this process, but recording it failed (a full disk):
		// record it now; sending it again would post it twice.
		dl.SentAt, dl.Ref, dl.LastError = d.opts.Now(), ref, ""
		if err := d.ob.UpdateDelivery(dl); err != nil {
			log.Error("alert sent but still not marked sent; not sending it again", "err", err)
		}
		return false, false, nil
	}
	if until, held := d.holds[dl.Channel]; held && d.opts.Now().Before(until) {
		// Queue behind the delivery holding the channel, without an
		// attempt: it is not this delivery that failed.
		if next := until.Add(time.Second); dl.NextAttempt.Before(next) {
			dl.NextAttempt = next
			if err := d.ob.UpdateDelivery(dl); err != nil {
				return false, false, fmt.Errorf("reschedule alert %s to %s: %w", dl.AlertID, dl.Channel, err)
			}
		}
		return false, false, nil
	}
	n, ok := d.opts.Notifiers[dl.Channel]
	dl.Attempts++
	if !ok {
		return false, false, d.failed(log, a, dl, fmt.Errorf("%w %q", ErrNoNotifier, dl.Channel), true)
	}
	ref, retry, err := n.Notify(ctx, a, dl)
	if err != nil {
		return false, false, d.failed(log, a, dl, err, retry)
	}
	dl.SentAt, dl.Ref, dl.LastError = d.opts.Now(), ref, ""
	delete(d.holds, dl.Channel)
	d.remember(dl)
	if err := d.ob.UpdateDelivery(dl); err != nil {
		// Sent but not recorded: this process will not send it again (see
		// refs above), but a restart would. Say so loudly, and go on with
		// the other deliveries.
		log.Error("alert sent but not marked sent: a restart before the outbox is writable again would send it twice", "err", err)
		return true, false, nil
	}
	log.Info("alert sent", "summary", a.Summary)
	d.markResolved(ctx, log, n, a, dl)
	return true, false, nil
}

// markResolved marks the message that starts the thread of a, a resolve
// notice that ends its storm, when n can.
func (d *Dispatcher) markResolved(ctx context.Context, log *slog.Logger, n Notifier, a model.Alert, dl model.Delivery) {
	m, ok := n.(ResolveMarker)
	if !ok || a.Kind != model.AlertResolved || !a.StormOver || dl.ThreadRef == "" {
		return
	}
	root, ok := d.threadRoot(a.Resolves, dl.Channel, dl.ThreadRef)
	if !ok {
		return
	}
	if err := m.MarkResolved(ctx, root, dl.ThreadRef, a); err != nil {
		log.Warn("resolve notice sent, but the storm's first message could not be marked resolved", "alert", root.ID, "err", err)
	}
}

// threadRoot finds, from the alert id up its FollowsUp chain, the alert
// whose message is ref on channel: the one posted in the channel rather
// than in a thread. It is usually the storm's first alert, but a follow-up
// whose first alert was never delivered started its own thread.
func (d *Dispatcher) threadRoot(id, channel, ref string) (model.Alert, bool) {
	r, ok := d.ob.(DeliveryReader)
	if !ok {
		return model.Alert{}, false
	}
	for range 16 { // a chain is a storm's few rules; the bound guards a corrupt store
		a, err := d.ob.Alert(id)
		if err != nil {
			return model.Alert{}, false
		}
		if dl, err := r.Delivery(id, channel); err == nil && !dl.SentAt.IsZero() && dl.ThreadRef == "" && dl.Ref == ref {
			return a, true
		}
		if a.FollowsUp == "" {
			return model.Alert{}, false
		}
		id = a.FollowsUp
	}
	return model.Alert{}, false
}

// parentOf is the alert whose thread a belongs in: the firing alert a
// resolve notice closes, or the alert a firing alert follows up.
func parentOf(a model.Alert) string {
	if a.Kind == model.AlertResolved {
		return a.Resolves
	}
	return a.FollowsUp
}

// failed reschedules (or abandons) a delivery after an error.
func (d *Dispatcher) failed(log *slog.Logger, a model.Alert, dl model.Delivery, err error, retry bool) error {
	now := d.opts.Now()
	dl.LastError = err.Error()
	var ra *RetryAfterError
	switch {
	case !retry || now.Sub(a.CreatedAt) > d.opts.GiveUpAfter:
		dl.NextAttempt = model.NeverRetry
		dl.LastError = "gave up: " + dl.LastError
		delete(d.holds, dl.Channel) // the channel is not waiting on this one any more
		log.Error("alert not delivered, giving up", "err", err)
	case errors.As(err, &ra):
		dl.NextAttempt = now.Add(max(ra.After, time.Second))
		d.holds[dl.Channel] = dl.NextAttempt
		log.Warn("alert delivery rate limited; holding the channel", "retry_at", dl.NextAttempt, "err", err)
	default:
		dl.NextAttempt = now.Add(d.backoff(dl.Attempts))
		d.holds[dl.Channel] = dl.NextAttempt
		log.Warn("alert delivery failed, will retry; holding the channel", "retry_at", dl.NextAttempt, "err", err)
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

// threadRef finds the message of the alert parentID on channel. When it is
// not sent yet but will be retried, pending is true and until is its next
// attempt; a parent given up on (or unknown) is neither.
func (d *Dispatcher) threadRef(parentID, channel string) (ref string, until time.Time, pending bool) {
	if ref, ok := d.refs[parentID+"|"+channel]; ok {
		return ref, time.Time{}, false
	}
	r, ok := d.ob.(DeliveryReader)
	if !ok {
		return "", time.Time{}, false
	}
	dl, err := r.Delivery(parentID, channel)
	switch {
	case err != nil:
		return "", time.Time{}, false
	case !dl.SentAt.IsZero():
		return dl.Ref, time.Time{}, false
	}
	return "", dl.NextAttempt, !dl.GivenUp()
}
