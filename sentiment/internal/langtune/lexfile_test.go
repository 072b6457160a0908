package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// languages are the lexicon directories this tool owns and checks.
var languages = []string{"ms", "id", "hy"}

// lexiconFiles are the files every language directory must carry.
var lexiconFiles = []string{"valence.tsv", "modifiers.tsv", "complaints.tsv", "urgency.tsv", "aspects.tsv", "slang.tsv"}

func lexDir(lang string) string { return filepath.Join("..", "..", "lexicons", lang) }

func TestLexiconFilesParse(t *testing.T) {
	for _, lang := range languages {
		for _, name := range lexiconFiles {
			t.Run(lang+"/"+name, func(t *testing.T) {
				f, err := os.Open(filepath.Join(lexDir(lang), name))
				if err != nil {
					t.Fatalf("open: %v", err)
				}
				defer f.Close()
				es, err := ParseFile(name, f)
				if err != nil {
					t.Fatalf("ParseFile: %v", err)
				}
				if len(es) == 0 {
					t.Fatalf("ParseFile(%s/%s) returned no entries", lang, name)
				}
				checkSemantics(t, name, es)
			})
		}
		t.Run(lang+"/SOURCE.md", func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(lexDir(lang), "SOURCE.md"))
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			for _, name := range lexiconFiles {
				if !strings.Contains(string(b), name) {
					t.Errorf("SOURCE.md does not describe %s", name)
				}
			}
		})
	}
}

// TestNoConflictsAcrossFiles fails when a word is both a modifier and a
// valence entry (the engine would merge them into one ambiguous term) or when a
// valence entry is a slang variant (rewritten before lookup, so never reached).
func TestNoConflictsAcrossFiles(t *testing.T) {
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			val, mods, slang := terms(t, lang, "valence.tsv"), terms(t, lang, "modifiers.tsv"), terms(t, lang, "slang.tsv")
			for _, c := range canonicals(t, lang) {
				// the engine looks a rewritten word up whole, so a multiword
				// canonical must itself be a term or it scores nothing
				if strings.Contains(c, " ") && !val[c] && !mods[c] {
					t.Errorf("slang canonical %q has spaces but is neither a valence nor a modifier term", c)
				}
			}
			for _, name := range []string{"valence.tsv", "modifiers.tsv", "complaints.tsv", "urgency.tsv", "aspects.tsv"} {
				for w := range terms(t, lang, name) {
					checkCanonical(t, name, w, slang)
				}
			}
			concord := termsOfKind(t, lang, "modifiers.tsv", "concord") // annotates valence words on purpose
			for w := range val {
				if mods[w] && !concord[w] {
					t.Errorf("%q is both a modifier and a valence entry", w)
				}
				if slang[w] {
					t.Errorf("valence entry %q is a slang variant, so it is never looked up", w)
				}
			}
		})
	}
}

// checkCanonical fails a term the engine could never match because slang is
// rewritten first: the first word of a phrase, and every token of a pattern or
// aspect keyword, must be canonical. (Later words of a valence phrase are
// matched as typed, so they may be variants.)
func checkCanonical(t *testing.T, file, term string, slang map[string]bool) {
	t.Helper()
	words := strings.Fields(term)
	if file == "valence.tsv" || file == "modifiers.tsv" {
		if len(words) < 2 {
			return
		}
		words = words[:1]
	}
	for _, w := range words {
		if slang[w] {
			t.Errorf("%s: %q uses the slang variant %q, which the engine rewrites before matching", file, term, w)
		}
	}
}

func canonicals(t *testing.T, lang string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(lexDir(lang), "slang.tsv"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer f.Close()
	es, err := ParseFile("slang.tsv", f)
	if err != nil {
		t.Fatalf("ParseFile: %v", err)
	}
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Kind
	}
	return out
}

func terms(t *testing.T, lang, name string) map[string]bool {
	t.Helper()
	f, err := os.Open(filepath.Join(lexDir(lang), name))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer f.Close()
	es, err := ParseFile(name, f)
	if err != nil {
		t.Fatalf("ParseFile: %v", err)
	}
	m := make(map[string]bool, len(es))
	for _, e := range es {
		m[e.Term] = true
	}
	return m
}

// TestNoStrayFiles fails when a directory holds a file the format does not
// document, which the engine would reject at load.
func TestNoStrayFiles(t *testing.T) {
	for _, lang := range languages {
		ents, err := os.ReadDir(lexDir(lang))
		if err != nil {
			t.Fatalf("read dir %s: %v", lang, err)
		}
		for _, e := range ents {
			if _, ok := specs[e.Name()]; !ok && e.Name() != "SOURCE.md" {
				t.Errorf("%s/%s: not a documented lexicon file", lang, e.Name())
			}
		}
	}
}

// checkSemantics enforces rules that go beyond one line: modifier values that
// must be zero or positive, and slang that maps to itself or chains.
func checkSemantics(t *testing.T, name string, es []Entry) {
	t.Helper()
	switch name {
	case "modifiers.tsv":
		for _, e := range es {
			if (e.Kind == "negator" || e.Kind == "negprefix") && e.Value != 0 {
				t.Errorf("line %d: %s %q has value %v, want 0", e.Line, e.Kind, e.Term, e.Value)
			}
			if e.Kind == "contrast" && e.Value <= 0 {
				t.Errorf("line %d: contrast %q has weight %v, want > 0", e.Line, e.Term, e.Value)
			}
			if e.Kind == "negprefix" && strings.Contains(e.Term, " ") {
				t.Errorf("line %d: negprefix %q contains a space", e.Line, e.Term)
			}
		}
	case "slang.tsv":
		variants := map[string]bool{}
		for _, e := range es {
			variants[e.Term] = true
		}
		for _, e := range es {
			if e.Term == e.Kind || variants[e.Kind] {
				t.Errorf("line %d: slang %q -> %q maps to itself or to another variant", e.Line, e.Term, e.Kind)
			}
		}
	}
}

func TestParseFileRejects(t *testing.T) {
	tests := []struct {
		name, file, text string
		want             error
	}{
		{"no header", "valence.tsv", "baik\t2\n", ErrHeader},
		{"empty", "valence.tsv", "", ErrHeader},
		{"three columns", "valence.tsv", "# src\nbaik\t2\tx\n", ErrColumns},
		{"out of range", "valence.tsv", "# src\nbaik\t4.5\n", ErrValue},
		{"not a number", "valence.tsv", "# src\nbaik\tgood\n", ErrValue},
		{"uppercase", "valence.tsv", "# src\nBaik\t2\n", ErrTerm},
		{"not NFC", "valence.tsv", "# src\ncafe\u0301\t1\n", ErrTerm},
		{"double space", "valence.tsv", "# src\nbaik  hati\t2\n", ErrTerm},
		{"duplicate", "valence.tsv", "# src\nbaik\t2\nbaik\t1\n", ErrDuplicate},
		{"bad kind", "modifiers.tsv", "# src\ntidak\tnegate\t0\n", ErrKind},
		{"duplicate postbooster", "modifiers.tsv", "# src\nbanget\tpostbooster\t0.4\nbanget\tpostbooster\t0.3\n", ErrDuplicate},
		{"booster and negator", "modifiers.tsv", "# src\nsangat\tbooster\t0.3\nsangat\tnegator\t0\n", ErrDuplicate},
		{"bad category", "complaints.tsv", "# src\nlambat\tslow\t-1\n", ErrKind},
		{"positive complaint", "complaints.tsv", "# src\nlambat\tdelay\t1\n", ErrValue},
		{"urgency level", "urgency.tsv", "# src\nsaman\t4\n", ErrValue},
		{"bad aspect", "aspects.tsv", "# src\ncolour\tpenghantaran\n", ErrKind},
		{"pattern in valence", "valence.tsv", "# src\n<num> jam\t-1\n", ErrTerm},
		{"unknown file", "extra.tsv", "# src\n", ErrUnknownFile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseFile(tt.file, strings.NewReader(tt.text))
			if !errors.Is(err, tt.want) {
				t.Errorf("ParseFile(%s, %q) error = %v, want %v", tt.file, tt.text, err, tt.want)
			}
		})
	}
}

// A word may boost both the word after it and the word before it.
func TestParseFileAcceptsBoosterBothWays(t *testing.T) {
	text := "# src\nsangat\tbooster\t0.35\nsangat\tpostbooster\t0.35\n"
	es, err := ParseFile("modifiers.tsv", strings.NewReader(text))
	if err != nil || len(es) != 2 {
		t.Fatalf("ParseFile(%q) = %d entries, %v; want 2, nil", text, len(es), err)
	}
}

func TestParseFileAccepts(t *testing.T) {
	text := "# written for earshot\n\n# a comment\nlambat <num> jam\tdelay\t-2\n* ? tunggu\twaiting\t-1.5\n"
	es, err := ParseFile("complaints.tsv", strings.NewReader(text))
	if err != nil {
		t.Fatalf("ParseFile: %v", err)
	}
	want := []Entry{{4, "lambat <num> jam", "delay", -2}, {5, "* ? tunggu", "waiting", -1.5}}
	if len(es) != len(want) {
		t.Fatalf("ParseFile returned %d entries, want %d", len(es), len(want))
	}
	for i := range want {
		if es[i] != want[i] {
			t.Errorf("entry %d = %+v, want %+v", i, es[i], want[i])
		}
	}
}

func FuzzParseFile(f *testing.F) {
	for _, lang := range languages {
		for _, name := range lexiconFiles {
			if b, err := os.ReadFile(filepath.Join(lexDir(lang), name)); err == nil {
				f.Add(name, string(b[:min(len(b), 2048)]))
			}
		}
	}
	f.Add("valence.tsv", "# x\nbaik\t2\n\xff\t1\n")
	f.Fuzz(func(t *testing.T, name, text string) {
		es, err := ParseFile(name, strings.NewReader(text))
		if err == nil {
			for _, e := range es {
				if checkTerm(e.Term, specs[name].pattern) != nil {
					t.Errorf("ParseFile accepted bad term %q", e.Term)
				}
			}
		}
	})
}

// termsOfKind is the terms of one kind in a file (modifier kind, category...).
func termsOfKind(t *testing.T, lang, name, kind string) map[string]bool {
	t.Helper()
	f, err := os.Open(filepath.Join(lexDir(lang), name))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer f.Close()
	es, err := ParseFile(name, f)
	if err != nil {
		t.Fatalf("ParseFile: %v", err)
	}
	m := map[string]bool{}
	for _, e := range es {
		if e.Kind == kind {
			m[e.Term] = true
		}
	}
	return m
}
