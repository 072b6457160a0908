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
	line       int
	fields     map[string]string
	analysis   json.RawMessage
	alsoSeenIn []string
	repaired   bool
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
	if j.line == 1 { // Notepad and PowerShell start UTF-8 files with a BOM
		line = bytes.TrimPrefix(line, []byte("\ufeff"))
	}
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
	if raw, ok := obj["also_seen_in"]; ok { // written by export: keep it on a restore
		v, err := jsonScalar(raw)
		if err != nil {
			return rawRow{}, &RowError{Line: j.line, Field: "also_seen_in", Err: err}
		}
		row.alsoSeenIn = splitBrands(v)
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
	r        *csv.Reader
	limit    *recordLimit
	lastLine int
	index    map[string]int // mention field -> column index
	header   []string
}

// maxCSVRecord bounds one CSV record, as maxLine does a JSONL line: an
// unclosed quote must not read the rest of a large file into one field.
const maxCSVRecord = 16 << 20

// recordLimit fails reads once more than maxCSVRecord (plus the CSV
// reader's buffer) has been read since the last record began.
type recordLimit struct {
	r    io.Reader
	read int
}

var errRecordTooLong = fmt.Errorf("a record longer than %d MiB (an unclosed quote?): the file cannot be read past it", maxCSVRecord>>20)

func (l *recordLimit) Read(p []byte) (int, error) {
	if l.read > maxCSVRecord+64<<10 {
		return 0, errRecordTooLong
	}
	n, err := l.r.Read(p)
	l.read += n
	return n, err
}

func newCSVRows(r io.Reader, mapping map[string]string) (*csvRows, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, _ := br.Peek(3); string(bom) == "\ufeff" {
		br.Discard(3) // before the CSV reader: "\ufeff\"id\"" would read as a bare quote
	}
	limit := &recordLimit{r: br}
	cr := csv.NewReader(limit)
	// Strict quotes: with lazy ones, a comment starting with a quote
	// ("Best" phone ever) opened a field that swallowed the rows after it,
	// silently. A bare quote is now that row's error, and reading goes on.
	cr.FieldsPerRecord = -1
	cr.Comma = sniffDelimiter(br)
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
	headerLine, _ := cr.FieldPos(0)
	return &csvRows{r: cr, limit: limit, index: index, header: header, lastLine: headerLine}, nil
}

// sniffDelimiter reads the header line ahead: spreadsheets in many locales
// save "CSV" with semicolons, and a header with semicolons and no comma is one.
func sniffDelimiter(br *bufio.Reader) rune {
	head, _ := br.Peek(br.Size())
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	commas, semis, quoted := 0, 0, false
	for _, c := range head { // outside quotes: a column may be named "Bewertung (1,0-5,0)"
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ',':
			commas++
		case c == ';':
			semis++
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

func (c *csvRows) next() (rawRow, error) {
	c.limit.read = 0
	rec, err := c.r.Read()
	if err == io.EOF {
		return rawRow{}, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		switch {
		case errors.Is(err, errRecordTooLong):
			return rawRow{}, fmt.Errorf("after line %d: %w", c.lastLine, err)
		case errors.As(err, &pe):
			return rawRow{}, &RowError{Line: pe.StartLine, Err: csvProblem(pe)}
		}
		return rawRow{}, err
	}
	line, _ := c.r.FieldPos(0)
	c.lastLine = line
	row := rawRow{line: line, fields: make(map[string]string, len(c.index))}
	for f, i := range c.index {
		if i >= len(rec) {
			continue
		}
		v := unescapeCell(rec[i])
		if !utf8.ValidString(v) {
			v = strings.ToValidUTF8(v, "\uFFFD")
			row.repaired = true
		}
		row.fields[f] = v
	}
	return row, nil
}

// csvProblem says what to do about a quoting error.
func csvProblem(pe *csv.ParseError) error {
	switch {
	case !errors.Is(pe.Err, csv.ErrBareQuote) && !errors.Is(pe.Err, csv.ErrQuote):
		return pe.Err
	case pe.Line > pe.StartLine:
		return fmt.Errorf("%w: a quoted field opened on line %d runs to line %d, so the rows between were read into it: close the quote (and double quotes inside a field)", pe.Err, pe.StartLine, pe.Line)
	}
	return fmt.Errorf("%w: a quote inside a field ends it early; quote the whole field and double the inner quotes (\"\"\"Best\"\" phone ever\")", pe.Err)
}
