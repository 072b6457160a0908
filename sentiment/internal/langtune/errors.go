package main

import "errors"

// Sentinel errors returned (wrapped with file and line) by the lexicon checks.
var (
	// ErrColumns means a line has the wrong number of tab-separated columns.
	ErrColumns = errors.New("wrong number of columns")
	// ErrValue means a numeric column is not a number or is out of range.
	ErrValue = errors.New("bad value")
	// ErrKind means a kind, category or aspect column names something the format does not define.
	ErrKind = errors.New("unknown kind")
	// ErrTerm means a term is empty, not lowercase, not NFC, or badly spaced.
	ErrTerm = errors.New("bad term")
	// ErrDuplicate means a term (or pattern) appears twice in one file.
	ErrDuplicate = errors.New("duplicate term")
	// ErrHeader means the file does not open with a comment naming its source.
	ErrHeader = errors.New("missing source comment")
	// ErrUnknownFile means a file name is not one of the documented lexicon files.
	ErrUnknownFile = errors.New("unknown lexicon file")
)
