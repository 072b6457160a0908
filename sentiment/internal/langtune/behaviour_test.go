package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLexiconBehaviour checks, through the real engine, that the lexicons of
// this directory produce the rules-only sign a speaker would expect. The
// rules score is read so that the embedded model cannot mask a lexicon bug.
func TestLexiconBehaviour(t *testing.T) {
	sc, err := newScorer(true)
	if err != nil {
		t.Fatalf("newScorer: %v", err)
	}
	tests := []struct {
		lang, text string
		want       int // sign of the rules score: -1, 0, +1
	}{
		{"ms", "Makanan dia sedap, servis pun laju", 1},
		{"ms", "Servis teruk gila, aku tunggu 2 jam", -1},
		{"ms", "Barang ni x bagus langsung", -1},        // slang x -> tak, negated
		{"ms", "tak sangka kedai ni memang terbaik", 1}, // tak sangka is not negating praise here
		{"ms", "Harga murah tapi kualiti teruk", -1},    // the clause after tapi weighs more
		{"ms", "Salah satu kedai di Shah Alam", 0},
		{"ms", "Makanan sedap walaupun mahal", 1},
		{"ms", "Bukan main sedap nasi lemak dia", 1},            // bukan main intensifies, it does not negate               // the conceded clause counts less
		{"id", "Harganya murah meskipun rasanya biasa saja", 1}, // salah satu is not "wrong"
		{"ms", "Kerajaan gagal, rakyat merana", -1},
		{"id", "Pelayanannya ramah dan cepat, recommended banget", 1},
		{"id", "Makanannya gak enak, nyesel ke sini", -1}, // gak negates enak
		{"id", "Sudah 2 minggu paket belum sampai", -1},   // complaint with no sentiment word
		{"id", "Tempatnya jauh dari bersih", -1},          // jauh dari negates
		{"id", "Pendaftaran dibuka besok di kantor cabang", 0},
		{"hy", "Ես շատ եմ սիրում այս խանութը", 1},
		{"hy", "Սպասարկումը վատ է, շատ հիասթափված եմ", -1},
		{"hy", "Ֆիլմը լավ չէ", -1},         // negation after the adjective
		{"hy", "Ես չսիրեցի այս ֆիլմը", -1}, // negating prefix չ
		{"hy", "Դա վատ չէ", 1},
		{"hy", "Ոչ միայն գեղեցիկ է, այլև էժան", 1}, // ոչ միայն does not negate
		{"hy", "lav a, shat lav", 1},               // Latin transliteration
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.text, func(t *testing.T) {
			v := sc.Score(tt.text, tt.lang)
			got := 0
			switch {
			case v.rules > 0.05:
				got = 1
			case v.rules < -0.05:
				got = -1
			}
			if got != tt.want {
				t.Errorf("rules score of %q (%s) = %v, want sign %d", tt.text, tt.lang, v.rules, tt.want)
			}
		})
	}
}

// TestRunRefusesToPrintEvaluationOnlyLines checks that misclassified lines of
// an evaluation-only file (CC BY-NC) are never printed, while figures are.
func TestRunRefusesToPrintEvaluationOnlyLines(t *testing.T) {
	for _, name := range []string{"hy-sample.jsonl", "ms-sample.jsonl"} {
		t.Run(name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run([]string{"-miss", "100", filepath.Join("testdata", name)}, &out, &errb)
			if code != 0 {
				t.Fatalf("run exit %d, stderr %q", code, errb.String())
			}
			if !strings.Contains(out.String(), "[engine, held-out 20%]") || !strings.Contains(out.String(), "[rules only, whole file]") {
				t.Errorf("run output lacks the figure lines:\n%s", out.String())
			}
			if printed := strings.Contains(out.String(), "MISS "); printed == evalOnly(name) {
				t.Errorf("run printed MISS lines = %v for %s, want %v", printed, name, !evalOnly(name))
			}
		})
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{filepath.Join("testdata", "broken.jsonl")}, &out, &errb); code != 1 {
		t.Errorf("run(broken.jsonl) exit = %d, want 1", code)
	}
	if !strings.Contains(errb.String(), "broken.jsonl:2") {
		t.Errorf("run(broken.jsonl) stderr = %q, want the file and line", errb.String())
	}
}

func TestRunCountsUnusableLabels(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{filepath.Join("testdata", "odd-label.jsonl")}, &out, &errb); code != 0 {
		t.Fatalf("run exit %d, stderr %q", code, errb.String())
	}
	if !strings.Contains(out.String(), "lines without a usable label: 1") {
		t.Errorf("run output does not count the unusable label:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "n=   1") {
		t.Errorf("run output should tally only the usable line:\n%s", out.String())
	}
}

func TestRunRejectsEmptyFile(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.jsonl")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{empty}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "no labelled lines") {
		t.Errorf("run(empty) = %d, stderr %q; want 1 and a message", code, errb.String())
	}
}
