package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Entry is one data line of a lexicon file, already checked against the format.
type Entry struct {
	Line  int
	Term  string // term, pattern, variant or aspect name (first column)
	Kind  string // modifier kind, complaint category, aspect keyword or slang canonical
	Value float64
}

// fileSpec says how the columns of one lexicon file are read and checked.
type fileSpec struct {
	cols  int
	kinds map[string]bool // allowed second column; nil when it is free text or a number
	// kindIsValue: the second column is the number (valence.tsv, urgency.tsv).
	kindIsValue bool
	min, max    float64
	// pattern: first column is a complaint/urgency pattern (tokens may be <num>, *, ?).
	pattern bool
	// swap: the file lists the category first (aspects.tsv: aspect<TAB>keyword).
	swap bool
	// dupKey returns the key that must be unique in the file.
	dupKey func(e Entry) string
}

func set(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func termKey(e Entry) string     { return e.Term }
func termKindKey(e Entry) string { return e.Term + "\t" + e.Kind }

// modKey lets a word be a booster both before and after the word it
// strengthens (ms "sangat bagus", "bagus sangat"), but nothing else twice.
func modKey(e Entry) string {
	if e.Kind == "postbooster" {
		return e.Term + "\tpost"
	}
	return e.Term
}

// specs describes every file documented in /tmp/brief/sentiment-api.md (the sentiment contract).
var specs = map[string]fileSpec{
	"valence.tsv":   {cols: 2, kindIsValue: true, min: -4, max: 4, dupKey: termKey},
	"modifiers.tsv": {cols: 3, kinds: set("negator", "negprefix", "booster", "postbooster", "contrast", "concord"), min: -4, max: 4, dupKey: modKey},
	"complaints.tsv": {cols: 3, pattern: true, min: -4, max: 0, dupKey: termKey,
		kinds: set("waiting", "delay", "cancellation", "lost", "refund", "broken", "billing", "service", "other", "churn")},
	"urgency.tsv": {cols: 2, pattern: true, kindIsValue: true, min: 1, max: 3, dupKey: termKey},
	"aspects.tsv": {cols: 2, swap: true, dupKey: termKindKey,
		kinds: set("delivery", "price", "quality", "service", "returns", "website", "store", "waiting")},
	"slang.tsv": {cols: 2, dupKey: termKey},
}

// ParseFile reads one lexicon file named name (its base name picks the format)
// and returns its data lines, or the first problem found with its line number.
func ParseFile(name string, r io.Reader) ([]Entry, error) {
	spec, ok := specs[name]
	if !ok {
		return nil, fmt.Errorf("%s: %w", name, ErrUnknownFile)
	}
	p := parser{spec: spec, seen: map[string]int{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		if err := p.line(sc.Text()); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, p.n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, p.n+1, err)
	}
	if p.n == 0 {
		return nil, fmt.Errorf("%s: empty file: %w", name, ErrHeader)
	}
	return p.out, nil
}

// parser is the state of one ParseFile call.
type parser struct {
	spec fileSpec
	seen map[string]int // duplicate key -> first line
	out  []Entry
	n    int // current line number
}

func (p *parser) line(line string) error {
	p.n++
	if p.n == 1 && !strings.HasPrefix(line, "#") {
		return ErrHeader // the first lines name the source and licence
	}
	if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
		return nil
	}
	e, err := p.spec.parseLine(line)
	if err != nil {
		return err
	}
	e.Line = p.n
	k := p.spec.dupKey(e)
	if first, dup := p.seen[k]; dup {
		return fmt.Errorf("%q (first on line %d): %w", e.Term, first, ErrDuplicate)
	}
	p.seen[k] = p.n
	p.out = append(p.out, e)
	return nil
}

func (s fileSpec) parseLine(line string) (Entry, error) {
	f := strings.Split(line, "\t")
	if len(f) != s.cols {
		return Entry{}, fmt.Errorf("%d columns, want %d: %w", len(f), s.cols, ErrColumns)
	}
	if s.swap {
		f[0], f[1] = f[1], f[0]
	}
	e := Entry{Term: f[0]}
	if err := checkTerm(e.Term, s.pattern); err != nil {
		return Entry{}, err
	}
	if s.kindIsValue {
		v, err := s.number(f[1])
		e.Value = v
		return e, err
	}
	e.Kind = f[1]
	if s.kinds != nil && !s.kinds[e.Kind] {
		return Entry{}, fmt.Errorf("%q: %w", e.Kind, ErrKind)
	}
	if s.kinds == nil { // aspect keyword or slang canonical: a term too
		if err := checkTerm(e.Kind, false); err != nil {
			return Entry{}, err
		}
	}
	if s.cols == 3 {
		v, err := s.number(f[2])
		e.Value = v
		return e, err
	}
	return e, nil
}

func (s fileSpec) number(col string) (float64, error) {
	v, err := strconv.ParseFloat(col, 64)
	if err != nil || math.IsNaN(v) || v < s.min || v > s.max {
		return 0, fmt.Errorf("%q not in [%g, %g]: %w", col, s.min, s.max, ErrValue)
	}
	return v, nil
}

// checkTerm enforces the term rules: valid UTF-8, lowercase, NFC, single spaces
// between tokens, no tabs. Patterns may also use <num>, * and ?.
func checkTerm(t string, pattern bool) error {
	switch {
	case t == "" || !utf8.ValidString(t):
		return fmt.Errorf("%q: empty or invalid UTF-8: %w", t, ErrTerm)
	case t != strings.ToLower(t):
		return fmt.Errorf("%q: not lowercase: %w", t, ErrTerm)
	case !norm.NFC.IsNormalString(t):
		return fmt.Errorf("%q: not NFC: %w", t, ErrTerm)
	case strings.Join(strings.Fields(t), " ") != t:
		return fmt.Errorf("%q: tokens must be separated by single spaces: %w", t, ErrTerm)
	}
	if !pattern && strings.ContainsAny(t, "<>*?") {
		return fmt.Errorf("%q: pattern syntax outside a pattern file: %w", t, ErrTerm)
	}
	return nil
}
