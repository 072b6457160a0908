package store

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Options configures Open. The zero value is usable.
type Options struct {
	// Timeout bounds the wait for the file lock (default 1s). When another
	// process holds the file, Open fails with ErrLocked after this long.
	Timeout time.Duration
	// ReadOnly opens the file with a shared lock; writes return ErrReadOnly.
	ReadOnly bool
	// Logger receives migration notices (default: discard).
	Logger *slog.Logger
	// Now is the clock (default time.Now), used for new deliveries.
	Now func() time.Time
}

// newFilePageSize is the bbolt page size of files Open creates.
const newFilePageSize = 8 << 10

// fileGrowStep is how much bbolt grows a file by once it is past that size.
const fileGrowStep = 4 << 20

// DB is an open earshot store. It is safe for concurrent use: bbolt allows many
// readers and one writer at a time.
type DB struct {
	bolt     *bolt.DB
	path     string
	readOnly bool
	log      *slog.Logger
	now      func() time.Time
	syn      synIndex  // syndication lookups, owned by the writer
	bufs     sync.Pool // *writeBufs, reused by write transactions once they end
}

// Open opens (creating if needed) the store at path, checks its schema version
// and runs pending migrations in one transaction.
func Open(path string, opts Options) (*DB, error) {
	return openWith(path, opts, migrations)
}

func openWith(path string, opts Options, migs []migration) (*DB, error) {
	opts = opts.withDefaults()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:  opts.Timeout,
		ReadOnly: opts.ReadOnly,
		// The map freelist stays fast when rollup rewrites leave many free pages.
		FreelistType: bolt.FreelistMapType,
		// A new file gets 8 KiB pages (an existing one keeps its own): ~530-byte
		// records left ~9% of each 4 KiB page empty. Measured on 300k generated
		// mentions: 4 KiB 800, 8 KiB 761, 16 KiB 770 B/mention, Put time alike.
		PageSize: newFilePageSize,
	})
	if err != nil {
		return nil, openError(path, err)
	}
	// bbolt grows a file past its data in steps of AllocSize (16 MiB by
	// default), which the file keeps on disk: ~14 B/mention beyond the used
	// pages on the 1M fixture. 4 MiB steps cost one more grow (truncate and
	// sync) per ~7,000 mentions. Set before the first write transaction.
	bdb.AllocSize = fileGrowStep
	db := &DB{bolt: bdb, path: path, readOnly: opts.ReadOnly, log: opts.Logger, now: opts.Now}
	if err := db.prepare(migs); err != nil {
		_ = bdb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// openError turns bbolt's open failures into messages an operator can act on.
func openError(path string, err error) error {
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return fmt.Errorf("open %s: the file is in use by another earshot process (close it or use another --db): %w", path, ErrLocked)
	case errors.Is(err, os.ErrPermission):
		return fmt.Errorf("open %s: permission denied (choose a writable --db path): %w", path, err)
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("open %s: the file or its directory does not exist: %w", path, err)
	}
	return fmt.Errorf("open %s: %w", path, err)
}

// Close releases the file and its lock.
func (db *DB) Close() error {
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("close %s: %w", db.path, err)
	}
	return nil
}

// Path returns the file the store was opened from.
func (db *DB) Path() string { return db.path }

// update runs fn in a write transaction, refusing on a read-only store.
func (db *DB) update(fn func(tx *bolt.Tx) error) error {
	if db.readOnly {
		return ErrReadOnly
	}
	return db.bolt.Update(fn)
}
