package query

import (
	"errors"
	"fmt"
)

// ErrSyntax is wrapped by every error Parse returns; the concrete error is a
// *SyntaxError that says where the problem is and how to fix it.
var ErrSyntax = errors.New("query syntax error")

// SyntaxError is a query that cannot be parsed.
type SyntaxError struct {
	Query  string // the query as written
	Column int    // 1-based, in characters (runes); len+1 means "at the end"
	Msg    string // what is wrong, e.g. "unexpected end"
	Hint   string // how to fix it, e.g. "close the parenthesis"
}

// Error reads like `query "acme AND (": unexpected end at column 11: close the parenthesis`.
func (e *SyntaxError) Error() string {
	s := fmt.Sprintf("query %q: %s at column %d", e.Query, e.Msg, e.Column)
	if e.Hint != "" {
		s += ": " + e.Hint
	}
	return s
}

// Unwrap lets callers test errors.Is(err, ErrSyntax).
func (e *SyntaxError) Unwrap() error { return ErrSyntax }
