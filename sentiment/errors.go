package sentiment

import "errors"

// Sentinel errors returned (wrapped with the file and line) by New when an
// embedded or user-supplied lexicon is malformed.
var (
	// ErrLexiconFormat reports a lexicon line with the wrong number of columns,
	// an unknown kind or category, or a value that does not parse.
	ErrLexiconFormat = errors.New("malformed lexicon line")
	// ErrModelFormat reports embedded model weights that do not match the
	// feature layout this version of the package computes.
	ErrModelFormat = errors.New("malformed model weights")
	// ErrUnknownLanguage reports user terms for a language without a lexicon.
	ErrUnknownLanguage = errors.New("language not scored")
)
