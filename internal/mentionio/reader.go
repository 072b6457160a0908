package mentionio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/earshot/earshot/internal/model"
)

// maxLine bounds one JSONL line; a longer line is reported as a bad row and skipped.
const maxLine = 16 << 20

// ReadOptions say how input columns map to mention fields.
type ReadOptions struct {
	Format Format
	// Map renames input columns: mention field -> column name (--map text=comment).
	Map map[string]string
	// RatingScale is the best rating of the input (5 stars, 10 for NPS); ratings are
	// normalised to 0..5. Zero means 5.
	RatingScale float64
	// DefaultSource and DefaultBrand fill rows that do not name one.
	DefaultSource string
	DefaultBrand  string
}

// Record is one mention read from the input.
type Record struct {
	Line    int
	Mention model.Mention
	// RepairedUTF8 is true when invalid bytes in the row were replaced by U+FFFD.
	RepairedUTF8 bool
}

// Reader reads mentions row by row. A bad row yields a *RowError from Next, and
// the next call continues with the following row.
type Reader struct {
	opts ReadOptions
	row  rowSource
}

// rowSource yields raw rows as field -> value, plus the parsed analysis if present.
type rowSource interface {
	next() (raw rawRow, err error)
}

type rawRow struct {
	line     int
	fields   map[string]string
	analysis json.RawMessage
	repaired bool
}

// NewReader reads mentions from r.
func NewReader(r io.Reader, opts ReadOptions) (*Reader, error) {
	if opts.RatingScale == 0 {
		opts.RatingScale = 5
	}
	if opts.DefaultSource == "" {
		opts.DefaultSource = "import"
	}
	for field := range opts.Map {
		if !isField(field) {
			return nil, fmt.Errorf("--map %s=...: %q is not a mention field (fields: %s)", field, field, strings.Join(MentionFields(), ", "))
		}
	}
	rd := &Reader{opts: opts}
	switch opts.Format {
	case CSV:
		src, err := newCSVRows(r, opts.Map)
		if err != nil {
			return nil, err
		}
		rd.row = src
	case JSONL, "":
		rd.row = &jsonlRows{br: bufio.NewReaderSize(r, 1<<16), colOf: columnOf(opts.Map)}
	default:
		return nil, fmt.Errorf("unknown format %q: use jsonl or csv", opts.Format)
	}
	return rd, nil
}

// Next returns the next record, a *RowError for a bad row, or io.EOF at the end.
func (rd *Reader) Next() (Record, error) {
	raw, err := rd.row.next()
	if err != nil {
		return Record{}, err
	}
	m, err := toMention(raw, rd.opts)
	if err != nil {
		return Record{Line: raw.line}, err
	}
	return Record{Line: raw.line, Mention: m, RepairedUTF8: raw.repaired}, nil
}

func isField(f string) bool {
	for _, x := range MentionFields() {
		if x == f {
			return true
		}
	}
	return f == "brands"
}

// columnOf returns the input column to read for each mention field.
func columnOf(m map[string]string) func(field string) string {
	return func(field string) string {
		if c, ok := m[field]; ok {
			return c
		}
		return field
	}
}

type jsonlRows struct {
	br    *bufio.Reader
	buf   []byte
	line  int
	colOf func(string) string
}

func (j *jsonlRows) next() (rawRow, error) {
	for {
		line, err := j.readLine()
		if err != nil {
			return rawRow{}, err
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		return j.parse(line)
	}
}

// readLine returns the next line without its newline, or a *RowError when the
// line is longer than maxLine (which is then skipped, never buffered whole).
func (j *jsonlRows) readLine() ([]byte, error) {
	j.buf = j.buf[:0]
	tooLong := false
	for {
		part, err := j.br.ReadSlice('\n')
		if !tooLong && len(j.buf)+len(part) > maxLine {
			tooLong, j.buf = true, j.buf[:0]
		}
		if !tooLong {
			j.buf = append(j.buf, part...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && len(part) == 0 && len(j.buf) == 0 && !tooLong {
			return nil, io.EOF
		}
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("read line %d: %w", j.line+1, err)
		}
		break
	}
	j.line++
	if tooLong {
		return nil, &RowError{Line: j.line, Err: fmt.Errorf("line longer than %d MiB", maxLine>>20)}
	}
	return bytes.TrimRight(j.buf, "\r\n"), nil
}

func (j *jsonlRows) parse(line []byte) (rawRow, error) {
	row := rawRow{line: j.line, fields: make(map[string]string, 12), repaired: !utf8.Valid(line)}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		return rawRow{}, &RowError{Line: j.line, Err: fmt.Errorf("%w: %v", ErrMalformedJSON, err)}
	}
	for _, f := range append(MentionFields(), "brands") {
		raw, ok := obj[j.colOf(f)]
		if !ok {
			continue
		}
		v, err := jsonScalar(raw)
		if err != nil {
			return rawRow{}, &RowError{Line: j.line, Field: f, Err: err}
		}
		row.fields[f] = v
	}
	if a, ok := obj["analysis"]; ok && string(a) != "null" {
		row.analysis = a
	}
	return row, nil
}

// jsonScalar turns a JSON string, number, bool, null or array of strings into text;
// arrays (brands) are joined with ";".
func jsonScalar(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	switch raw[0] {
	case '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	case '[':
		var ss []string
		if err := json.Unmarshal(raw, &ss); err != nil {
			return "", errors.New("expected a list of strings")
		}
		return strings.Join(ss, ";"), nil
	case '{':
		return "", errors.New("expected a value, found an object")
	}
	return string(raw), nil
}

type csvRows struct {
	r      *csv.Reader
	index  map[string]int // mention field -> column index
	header []string
}

func newCSVRows(r io.Reader, mapping map[string]string) (*csvRows, error) {
	cr := csv.NewReader(r)
	cr.LazyQuotes = true // survey exports are loose with quotes; a stray quote must not sink the file
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, errors.New("empty CSV: the first line must be a header of column names")
		}
		return nil, fmt.Errorf("read CSV header: %w", err)
	}
	cols := make(map[string]int, len(header))
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		cols[strings.ToLower(h)] = i
	}
	colOf := columnOf(mapping)
	index := map[string]int{}
	for _, f := range append(MentionFields(), "brands") {
		if i, ok := cols[strings.ToLower(colOf(f))]; ok {
			index[f] = i
		}
	}
	for f, c := range mapping {
		if _, ok := index[f]; !ok {
			return nil, fmt.Errorf("--map %s=%s: the CSV has no column %q (columns: %s)", f, c, c, strings.Join(header, ", "))
		}
	}
	if _, ok := index["text"]; !ok {
		return nil, fmt.Errorf("the CSV has no text column (columns: %s): name it text or use --map text=COLUMN", strings.Join(header, ", "))
	}
	return &csvRows{r: cr, index: index, header: header}, nil
}

func (c *csvRows) next() (rawRow, error) {
	rec, err := c.r.Read()
	if err == io.EOF {
		return rawRow{}, io.EOF
	}
	line, _ := c.r.FieldPos(0)
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return rawRow{}, &RowError{Line: pe.StartLine, Err: pe.Err}
		}
		return rawRow{}, err
	}
	row := rawRow{line: line, fields: make(map[string]string, len(c.index))}
	for f, i := range c.index {
		if i >= len(rec) {
			continue
		}
		v := rec[i]
		if !utf8.ValidString(v) {
			v = strings.ToValidUTF8(v, "\uFFFD")
			row.repaired = true
		}
		row.fields[f] = v
	}
	return row, nil
}
