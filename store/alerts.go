package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/earshot/earshot/internal/model"
)

// EnqueueAlert stores a, a pending delivery per channel and state (when not
// nil) in one transaction. The alert id is the idempotency key: when it is
// already stored, EnqueueAlert returns false and changes nothing.
func (db *DB) EnqueueAlert(a model.Alert, channels []string, state *model.AlertState) (bool, error) {
	if a.ID == "" {
		return false, fmt.Errorf("enqueue alert: empty id: %w", ErrInvalid)
	}
	if state != nil && state.Key == "" {
		return false, fmt.Errorf("enqueue alert %s: alert state without key: %w", a.ID, ErrInvalid)
	}
	created := false
	err := db.update(func(tx *bolt.Tx) error {
		alerts := tx.Bucket(bucketAlerts)
		if alerts.Get([]byte(a.ID)) != nil {
			return nil
		}
		created = true
		if err := putJSON(alerts, []byte(a.ID), a); err != nil {
			return err
		}
		if err := tx.Bucket(bucketAlertsTime).Put(append(appendTime(nil, a.CreatedAt), a.ID...), nil); err != nil {
			return err
		}
		if err := db.enqueue(tx, a.ID, channels); err != nil {
			return err
		}
		if state != nil {
			return putJSON(tx.Bucket(bucketAlertStates), []byte(state.Key), state)
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("enqueue alert %s: %w", a.ID, err)
	}
	return created, nil
}

// enqueue adds one pending delivery per distinct channel, due now.
func (db *DB) enqueue(tx *bolt.Tx, alertID string, channels []string) error {
	now := db.now().UTC()
	for i, ch := range channels {
		if slices.Contains(channels[:i], ch) {
			continue
		}
		d := model.Delivery{AlertID: alertID, Channel: ch, NextAttempt: now}
		if err := putDelivery(tx, d); err != nil {
			return err
		}
	}
	return nil
}

// Alert returns the alert stored under id, or ErrNotFound.
func (db *DB) Alert(id string) (model.Alert, error) {
	var a model.Alert
	err := db.bolt.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketAlerts).Get([]byte(id))
		if v == nil {
			return ErrNotFound
		}
		return unmarshal(v, &a)
	})
	if err != nil {
		return model.Alert{}, fmt.Errorf("alert %s: %w", id, err)
	}
	return a, nil
}

// AlertsBetween returns the alerts created in [from, to), oldest first. A zero
// to means no upper bound.
func (db *DB) AlertsBetween(from, to time.Time) ([]model.Alert, error) {
	var out []model.Alert
	err := db.bolt.View(func(tx *bolt.Tx) error {
		alerts := tx.Bucket(bucketAlertsTime)
		c := alerts.Cursor()
		hi := appendTime(nil, to)
		for k, _ := c.Seek(appendTime(nil, from)); k != nil && (to.IsZero() || bytes.Compare(k[:timeLen], hi) < 0); k, _ = c.Next() {
			var a model.Alert
			v := tx.Bucket(bucketAlerts).Get(k[timeLen:])
			if v == nil {
				return fmt.Errorf("alert time index without alert: %w", ErrCorrupt)
			}
			if err := unmarshal(v, &a); err != nil {
				return err
			}
			out = append(out, a)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("alerts between %s and %s: %w", from.Format(time.RFC3339), to.Format(time.RFC3339), err)
	}
	return out, nil
}

// AlertState returns the stored state for key and whether there was one.
func (db *DB) AlertState(key string) (model.AlertState, bool, error) {
	var s model.AlertState
	var found bool
	err := db.bolt.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketAlertStates).Get([]byte(key))
		if v == nil {
			return nil
		}
		found = true
		return unmarshal(v, &s)
	})
	if err != nil {
		return model.AlertState{}, false, fmt.Errorf("alert state %s: %w", key, err)
	}
	return s, found, nil
}

// PutAlertState stores s under s.Key.
func (db *DB) PutAlertState(s model.AlertState) error {
	if s.Key == "" {
		return fmt.Errorf("put alert state: empty key: %w", ErrInvalid)
	}
	err := db.update(func(tx *bolt.Tx) error {
		return putJSON(tx.Bucket(bucketAlertStates), []byte(s.Key), s)
	})
	if err != nil {
		return fmt.Errorf("put alert state %s: %w", s.Key, err)
	}
	return nil
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, raw)
}
