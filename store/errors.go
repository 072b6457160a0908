package store

import "errors"

// Sentinel errors returned (wrapped with context) by the store. Test with errors.Is.
var (
	// ErrNotFound means the requested mention, alert or delivery is not stored.
	ErrNotFound = errors.New("not found")
	// ErrLocked means another process holds the file's lock; the message names the file.
	ErrLocked = errors.New("store file is locked by another process")
	// ErrNewerSchema means the file was written by a newer earshot; it is refused and never rewritten.
	ErrNewerSchema = errors.New("store file has a newer schema than this earshot understands")
	// ErrReadOnly means a write was attempted on a store opened with Options.ReadOnly.
	ErrReadOnly = errors.New("store is open read-only")
	// ErrCorrupt means a stored record could not be decoded.
	ErrCorrupt = errors.New("corrupt record")
	// ErrInvalid means the caller passed something the store cannot keep
	// (a mention without id or publish time, a bad cursor, ...).
	ErrInvalid = errors.New("invalid input")
)
