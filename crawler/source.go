// Package crawler fetches public items from the sources in the config, politely,
// and returns them as cleaned mentions. It never writes the store: the pipeline
// stores what it returns, with the source's new state, in one transaction.
package crawler

import (
	"context"

	"github.com/earshot/earshot/internal/model"
)

// Source is one configured source. Fetch gets the items published since the
// state's cursor and returns them with the state to store when they are stored.
type Source interface {
	Name() string
	Fetch(ctx context.Context, state model.SourceState) (Batch, error)
}

// Batch is what one run of one source found.
type Batch struct {
	// Mentions are cleaned (plain text, NFC, valid UTF-8) and carry stable IDs.
	// Brands is set only when the source is bound to a brand; otherwise the
	// pipeline matches brand queries.
	Mentions []model.Mention
	// State is the source's state after this run (cursor, ETag, Last-Modified);
	// the caller stores it with the mentions.
	State model.SourceState
	// Pages is how many HTTP responses were processed; NotModified is true when
	// the server answered 304 and nothing was fetched.
	Pages       int
	NotModified bool
	// Warnings are problems that did not stop the run (an unparsable item, a
	// next page that failed); the run still returns what it had.
	Warnings []string
}
