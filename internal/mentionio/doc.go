// Package mentionio reads and writes mentions as JSONL and CSV for `earshot import`
// and `earshot export`. It validates every row and reports a bad one with its line
// number; it repairs invalid UTF-8 (and counts the repair) rather than dropping
// text. It does no I/O beyond the reader and writer it is given.
package mentionio

import (
	"fmt"
	"strings"
)

// Format is a file format for mentions.
type Format string

// The supported formats.
const (
	JSONL Format = "jsonl"
	CSV   Format = "csv"
)

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	switch Format(strings.ToLower(s)) {
	case JSONL:
		return JSONL, nil
	case CSV:
		return CSV, nil
	}
	return "", fmt.Errorf("unknown format %q: use jsonl or csv", s)
}

// FormatFromPath guesses the format from a file name: .csv is CSV, anything else JSONL.
func FormatFromPath(path string) Format {
	if strings.HasSuffix(strings.ToLower(path), ".csv") {
		return CSV
	}
	return JSONL
}

// MentionFields are the mention fields, in CSV column order.
func MentionFields() []string {
	return []string{"id", "source", "brand", "url", "author", "title", "text", "lang", "rating", "published_at"}
}

// AnalysisFields are the extra CSV columns export writes for the analysis.
func AnalysisFields() []string {
	return []string{"score", "label", "confidence", "aspects", "complaint", "urgency", "rating_mismatch", "analysis_version"}
}
