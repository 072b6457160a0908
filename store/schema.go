package store

import (
	"bytes"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/earshot/earshot/internal/model"
)

// Bucket names. Changing one is a schema change and needs a migration.
var (
	bucketMeta        = []byte("meta")
	bucketMentions    = []byte("mentions")
	bucketIDs         = []byte("ids")
	bucketByBrand     = []byte("by_brand")
	bucketBySource    = []byte("by_source")
	bucketSyndic      = []byte("syndic") // schema 1 only: see migrateSyndicToBySource
	bucketRollups     = []byte("rollups")
	bucketCounters    = []byte("counters")
	bucketStates      = []byte("states")
	bucketRuns        = []byte("runs")
	bucketAlerts      = []byte("alerts")
	bucketAlertsTime  = []byte("alerts_by_time")
	bucketOutbox      = []byte("outbox")
	bucketPending     = []byte("pending")
	bucketAlertStates = []byte("alert_states")
	bucketStrings     = []byte("strings") // interned names, see dict.go

	keySchema = []byte("schema")
)

var allBuckets = [][]byte{
	bucketMeta, bucketMentions, bucketIDs, bucketByBrand, bucketBySource,
	bucketRollups, bucketCounters, bucketStates, bucketRuns, bucketAlerts, bucketAlertsTime,
	bucketOutbox, bucketPending, bucketAlertStates, bucketStrings,
}

// migration moves a file from schema version N to N+1 inside the open transaction.
type migration func(tx *bolt.Tx) error

// migrations[i] upgrades version i+1 to i+2; the current version is len(migrations)+1.
// Append only: a released migration is never edited.
var migrations = []migration{migrateSyndicToBySource, migrateToInterned, migrateToURLRecords, migrateIndexNames, migrateToIDRecords, migrateIDKeys}

// migrateToIDRecords (schema 5 -> 6) changes no data: records of layout v9
// (idcode.go) are what an earshot of schema 5 cannot read, so the version
// goes up for it to refuse the file with ErrNewerSchema.
func migrateToIDRecords(*bolt.Tx) error { return nil }

// migrateToURLRecords (schema 3 -> 4) changes no data either: records of
// layout v8 (url.go) are what an earshot of schema 3 cannot read, so the
// version goes up for it to refuse the file with ErrNewerSchema.
func migrateToURLRecords(*bolt.Tx) error { return nil }

// migrateToInterned (schema 2 -> 3) changes no data: old records stay as
// they are and decode. The strings bucket (created with every missing
// bucket before migrations run) and the records of layouts v5-v7, which
// need it and their keys, are what an earshot of schema 2 cannot read, so
// the version goes up for it to refuse the file (ErrNewerSchema) rather
// than fail on records it takes for corrupt.
func migrateToInterned(tx *bolt.Tx) error {
	if tx.Bucket(bucketStrings) == nil {
		return fmt.Errorf("strings bucket missing: %w", ErrCorrupt)
	}
	return nil
}

// migrateSyndicToBySource (schema 1 -> 2) moves each long text's hash from
// the syndic bucket (time8|seq8 -> hash8) into the value of the mention's
// by_source entry, which was empty, and drops syndic: one Put fewer per
// mention. The mention's source comes from its record.
func migrateSyndicToBySource(tx *bolt.Tx) error {
	syndic, mentions, bySource := tx.Bucket(bucketSyndic), tx.Bucket(bucketMentions), tx.Bucket(bucketBySource)
	if syndic == nil {
		return nil
	}
	d := txDict(tx)
	c := syndic.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		rec := mentions.Get(k)
		if len(k) != mkeyLen || len(v) != 8 || rec == nil {
			return fmt.Errorf("syndication entry %x: %w", k, ErrCorrupt)
		}
		var m model.Mention
		if err := decodeMention(rec, k, &m, d); err != nil {
			return err
		}
		if err := bySource.Put(append(appendName(nil, m.Source), k...), bytes.Clone(v)); err != nil {
			return err
		}
	}
	return tx.DeleteBucket(bucketSyndic)
}

// prepare creates missing buckets, refuses newer files and runs migrations, all
// in one transaction so a failed migration leaves the file as it was.
func (db *DB) prepare(migs []migration) error {
	current := uint32(len(migs) + 1)
	if db.readOnly {
		return db.bolt.View(func(tx *bolt.Tx) error {
			v, err := schemaVersion(tx)
			if err != nil {
				return err
			}
			return checkVersion(v, current, true)
		})
	}
	return db.bolt.Update(func(tx *bolt.Tx) error {
		v, err := schemaVersion(tx)
		if err != nil {
			return err
		}
		if err := checkVersion(v, current, false); err != nil {
			return err
		}
		if err := createBuckets(tx); err != nil {
			return err
		}
		if v == 0 { // a new file starts at the current version
			return putVersion(tx, current)
		}
		return db.migrate(tx, v, migs)
	})
}

// schemaVersion returns 0 for an empty file, an error for a bbolt file that is not earshot's.
func schemaVersion(tx *bolt.Tx) (uint32, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		if k, _ := tx.Cursor().First(); k == nil {
			return 0, nil // a new, empty file
		}
		return 0, fmt.Errorf("not an earshot store (no schema version): %w", ErrInvalid)
	}
	raw := meta.Get(keySchema)
	if len(raw) != 4 {
		return 0, fmt.Errorf("schema version is %d bytes, want 4: %w", len(raw), ErrCorrupt)
	}
	return binary.BigEndian.Uint32(raw), nil
}

func checkVersion(have, current uint32, readOnly bool) error {
	if have > current {
		return fmt.Errorf("file has schema version %d, this earshot understands up to %d (upgrade earshot): %w", have, current, ErrNewerSchema)
	}
	if readOnly && have == 0 {
		return fmt.Errorf("file is empty, not an earshot store yet (open it once read-write): %w", ErrReadOnly)
	}
	if readOnly && have < current {
		return fmt.Errorf("file has schema version %d, needs migration to %d (open it once read-write): %w", have, current, ErrReadOnly)
	}
	return nil
}

func createBuckets(tx *bolt.Tx) error {
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

func putVersion(tx *bolt.Tx, v uint32) error {
	return tx.Bucket(bucketMeta).Put(keySchema, binary.BigEndian.AppendUint32(nil, v))
}

func (db *DB) migrate(tx *bolt.Tx, from uint32, migs []migration) error {
	for v := from; v <= uint32(len(migs)); v++ {
		db.log.Info("migrating store", "path", db.path, "from", v, "to", v+1)
		if err := migs[v-1](tx); err != nil {
			return fmt.Errorf("migrate schema %d to %d: %w", v, v+1, err)
		}
		if err := putVersion(tx, v+1); err != nil {
			return err
		}
	}
	return nil
}
