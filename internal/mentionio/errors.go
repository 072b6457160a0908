package mentionio

import (
	"errors"
	"fmt"
)

// Sentinel errors for rows that cannot become mentions.
var (
	ErrNoText        = errors.New("missing text")
	ErrNoTime        = errors.New("missing published_at")
	ErrBadTime       = errors.New("published_at is not a date")
	ErrBadRating     = errors.New("rating is not a number")
	ErrRatingRange   = errors.New("rating is out of range")
	ErrMalformedJSON = errors.New("malformed JSON")
	ErrBadAnalysis   = errors.New("malformed analysis")
	ErrTooLong       = errors.New("too long")
)

// RowError is a problem with one input row. Line is the 1-based line (JSONL) or
// record (CSV, counting the header as line 1) where the row starts.
type RowError struct {
	Line  int
	Field string
	Err   error
}

func (e *RowError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("line %d: %s: %v", e.Line, e.Field, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }
