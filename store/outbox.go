package store

import (
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/earshot/earshot/internal/model"
)

// The outbox keeps each delivery under len|alertID|channel. Pending ones
// (SentAt zero) also have an entry time8(NextAttempt)|outbox key in pending,
// so PendingDeliveries is a range scan that stops at now.

func outboxKey(alertID, channel string) []byte {
	return append(appendName(nil, alertID), channel...)
}

func pendingKey(d *model.Delivery) []byte {
	return append(appendTime(nil, d.NextAttempt), outboxKey(d.AlertID, d.Channel)...)
}

// PendingDeliveries returns up to limit unsent deliveries whose NextAttempt is
// at or before now, the longest-due first (all of them when limit <= 0).
func (db *DB) PendingDeliveries(now time.Time, limit int) ([]model.Delivery, error) {
	var out []model.Delivery
	due := timeKey(now)
	err := db.bolt.View(func(tx *bolt.Tx) error {
		outbox := tx.Bucket(bucketOutbox)
		c := tx.Bucket(bucketPending).Cursor()
		for k, _ := c.First(); k != nil && binary.BigEndian.Uint64(k) <= due; k, _ = c.Next() {
			if limit > 0 && len(out) == limit {
				break
			}
			var d model.Delivery
			v := outbox.Get(k[timeLen:])
			if v == nil {
				return fmt.Errorf("pending entry without delivery: %w", ErrCorrupt)
			}
			if err := unmarshal(v, &d); err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pending deliveries: %w", err)
	}
	return out, nil
}

// Delivery returns the stored delivery of alert alertID on channel, sent or
// not, so a resolve notice can reply in the firing alert's thread (its Ref)
// after a restart. ErrNotFound when none was enqueued.
func (db *DB) Delivery(alertID, channel string) (model.Delivery, error) {
	var d model.Delivery
	err := db.bolt.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketOutbox).Get(outboxKey(alertID, channel))
		if v == nil {
			return ErrNotFound
		}
		return unmarshal(v, &d)
	})
	if err != nil {
		return model.Delivery{}, fmt.Errorf("delivery %s/%s: %w", alertID, channel, err)
	}
	return d, nil
}

// UpdateDelivery replaces the stored delivery (AlertID, Channel) with d: a
// retry (Attempts, NextAttempt, LastError) or a success (SentAt set, which
// takes it out of PendingDeliveries). ErrNotFound when none was enqueued.
func (db *DB) UpdateDelivery(d model.Delivery) error {
	err := db.update(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketOutbox).Get(outboxKey(d.AlertID, d.Channel))
		if v == nil {
			return ErrNotFound
		}
		var old model.Delivery
		if err := unmarshal(v, &old); err != nil {
			return err
		}
		if err := tx.Bucket(bucketPending).Delete(pendingKey(&old)); err != nil {
			return err
		}
		return putDelivery(tx, d)
	})
	if err != nil {
		return fmt.Errorf("update delivery %s/%s: %w", d.AlertID, d.Channel, err)
	}
	return nil
}

// putDelivery writes d and, while it is unsent, its pending entry.
func putDelivery(tx *bolt.Tx, d model.Delivery) error {
	if err := putJSON(tx.Bucket(bucketOutbox), outboxKey(d.AlertID, d.Channel), d); err != nil {
		return err
	}
	if !d.SentAt.IsZero() {
		return nil
	}
	return tx.Bucket(bucketPending).Put(pendingKey(&d), nil)
}
