package alerts_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/alerts/alertstest"
	"github.com/earshot/earshot/internal/model"
)

// markFails is an outbox whose write of "sent" fails (disk full, bbolt
// error): the notifier succeeded, the record did not.
type markFails struct{ *alertstest.MemStore }

func (m markFails) UpdateDelivery(d model.Delivery) error {
	if !d.SentAt.IsZero() {
		return errors.New("write outbox: no space left on device")
	}
	return m.MemStore.UpdateDelivery(d)
}

// While the outbox cannot record a send, later drains must not post the
// same alert again: this process knows it sent it.
func TestUnrecordedSendIsNotRepeated(t *testing.T) {
	at := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	st := alertstest.NewMemStore()
	queued(t, st, testAlert("a1", model.AlertFiring, at))
	n := &fakeNotifier{refBase: "C1"}
	d := alerts.NewDispatcher(markFails{st}, alerts.DispatcherOptions{
		Notifiers: map[string]alerts.Notifier{"slack": n}, Now: func() time.Time { return at }})
	for i := range 4 { // one minute of Run at the default 15s interval
		_, err := d.Drain(context.Background())
		t.Logf("drain %d: %v", i, err)
	}
	if got := n.count(); got != 1 {
		t.Errorf("alert a1 posted %d times to the channel, want 1", got)
	}
}
