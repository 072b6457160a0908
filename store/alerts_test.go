package store_test

import (
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/store"
)

// openAt opens a store whose clock is fixed at now.
func openAt(t *testing.T, now time.Time) *store.DB {
	db, err := store.Open(filepath.Join(t.TempDir(), "earshot.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func firing(id string, created time.Time) model.Alert {
	return model.Alert{ID: id, Kind: model.AlertFiring, Rule: "negative-spike", Brand: "acme", Detector: "poisson", Severity: 2,
		WindowStart: created.Add(-time.Hour), WindowEnd: created, Observed: 42, Expected: 7.5, PValue: 1e-6,
		Summary: "acme: 42 negative mentions in 1h, expected 7.5", Inputs: []byte(`{"series":[1,2,42]}`), CreatedAt: created,
		TopTerms: []model.TermLift{{Term: "recall", Count: 30, Lift: 12}}}
}

func TestEnqueueAlertIsIdempotent(t *testing.T) {
	db := openAt(t, base)
	a := firing("a1", base)
	state := &model.AlertState{Key: "negative-spike|acme||", Firing: true, Severity: 2, LastAlertID: "a1", LastFiredAt: base}
	created, err := db.EnqueueAlert(a, []string{"slack", "webhook", "slack"}, state)
	if err != nil || !created {
		t.Fatalf("first EnqueueAlert = %v, %v; want true", created, err)
	}
	changed := *state
	changed.Severity = 3
	created, err = db.EnqueueAlert(a, []string{"slack", "email"}, &changed)
	if err != nil || created {
		t.Fatalf("second EnqueueAlert = %v, %v; want false", created, err)
	}
	ds, _ := db.PendingDeliveries(base, 0)
	var channels []string
	for _, d := range ds {
		channels = append(channels, d.Channel)
	}
	if !reflect.DeepEqual(channels, []string{"slack", "webhook"}) {
		t.Errorf("pending deliveries on %v, want one each on slack and webhook", channels)
	}
	if got, ok, _ := db.AlertState(state.Key); !ok || !reflect.DeepEqual(got, *state) {
		t.Errorf("AlertState = %+v, %v; want the first enqueue's %+v", got, ok, *state)
	}
	if got, err := db.Alert("a1"); err != nil || !reflect.DeepEqual(got, a) {
		t.Errorf("Alert(a1) = %+v, %v; want %+v", got, err, a)
	}
	if _, err := db.Alert("zz"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Alert(zz) = %v, want ErrNotFound", err)
	}
}

func TestPendingDeliveriesOrderAndRetry(t *testing.T) {
	db := openAt(t, base)
	for i, id := range []string{"a1", "a2", "a3"} {
		if _, err := db.EnqueueAlert(firing(id, base.Add(time.Duration(i)*time.Minute)), []string{"slack"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	// a1 failed and retries in 10 minutes; a2 was sent; a3 stays due.
	retry := model.Delivery{AlertID: "a1", Channel: "slack", Attempts: 1, NextAttempt: base.Add(10 * time.Minute), LastError: "HTTP 429"}
	sent := model.Delivery{AlertID: "a2", Channel: "slack", Attempts: 1, NextAttempt: base, SentAt: base, Ref: "C1/1712.5"}
	for _, d := range []model.Delivery{retry, sent} {
		if err := db.UpdateDelivery(d); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		now   time.Time
		limit int
		want  []string
	}{
		{base, 0, []string{"a3"}},
		{base.Add(10 * time.Minute), 0, []string{"a3", "a1"}},
		{base.Add(time.Hour), 1, []string{"a3"}},
		{base.Add(-time.Minute), 0, nil},
	}
	for _, tt := range tests {
		ds, err := db.PendingDeliveries(tt.now, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range ds {
			got = append(got, d.AlertID)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("PendingDeliveries(%s, %d) = %v, want %v", tt.now.Format(time.Kitchen), tt.limit, got, tt.want)
		}
	}
	ds, _ := db.PendingDeliveries(base.Add(time.Hour), 0)
	if !reflect.DeepEqual(ds[1], retry) {
		t.Errorf("retried delivery = %+v, want %+v", ds[1], retry)
	}
	if err := db.UpdateDelivery(model.Delivery{AlertID: "nope", Channel: "slack"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UpdateDelivery of an unknown delivery = %v, want ErrNotFound", err)
	}
}

func TestAlertsBetweenAndState(t *testing.T) {
	db := openAt(t, base)
	for i, id := range []string{"a1", "a2", "a3"} {
		if _, err := db.EnqueueAlert(firing(id, base.Add(time.Duration(i)*time.Hour)), nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.AlertsBetween(base.Add(time.Hour), base.Add(2*time.Hour))
	if err != nil || len(got) != 1 || got[0].ID != "a2" {
		t.Errorf("AlertsBetween(1h, 2h) = %v, %v; want [a2]", got, err)
	}
	if got, _ := db.AlertsBetween(time.Time{}, time.Time{}); len(got) != 3 {
		t.Errorf("AlertsBetween(all) = %d alerts, want 3", len(got))
	}
	if _, ok, err := db.AlertState("missing"); ok || err != nil {
		t.Errorf("AlertState(missing) = %v, %v; want not found", ok, err)
	}
	s := model.AlertState{Key: "k", ResolvedAt: base}
	if err := db.PutAlertState(s); err != nil {
		t.Fatal(err)
	}
	if got, ok, _ := db.AlertState("k"); !ok || !reflect.DeepEqual(got, s) {
		t.Errorf("AlertState(k) = %+v, want %+v", got, s)
	}
}

func TestDelivery(t *testing.T) {
	db := openAt(t, base)
	if _, err := db.EnqueueAlert(firing("a1", base), []string{"slack", "webhook"}, nil); err != nil {
		t.Fatal(err)
	}
	sent := model.Delivery{AlertID: "a1", Channel: "slack", Attempts: 1, NextAttempt: base, SentAt: base.Add(time.Second), Ref: "C042/1712345678.000100"}
	if err := db.UpdateDelivery(sent); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		alertID, channel string
		want             model.Delivery
		err              error
	}{
		{"a1", "slack", sent, nil},
		{"a1", "webhook", model.Delivery{AlertID: "a1", Channel: "webhook", NextAttempt: base}, nil},
		{"a1", "email", model.Delivery{}, store.ErrNotFound},
		{"a2", "slack", model.Delivery{}, store.ErrNotFound},
		{"a", "1slack", model.Delivery{}, store.ErrNotFound}, // the key's parts must not run together
	}
	for _, tt := range tests {
		t.Run(tt.alertID+"/"+tt.channel, func(t *testing.T) {
			got, err := db.Delivery(tt.alertID, tt.channel)
			if !errors.Is(err, tt.err) || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Delivery(%q, %q) = %+v, %v; want %+v, %v", tt.alertID, tt.channel, got, err, tt.want, tt.err)
			}
		})
	}
}
