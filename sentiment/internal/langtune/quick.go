package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// quickLex is one language's lexicon as the quick scorer uses it. The quick
// scorer is a stand-in for the engine while the engine is being written: a
// VADER-shaped lexicon + negation + booster + contrast sum, nothing more.
type quickLex struct {
	val       map[string]float64
	neg       map[string]bool
	negprefix []string
	boost     map[string]float64
	contrast  map[string]float64
	slang     map[string]string
	complaint [][]string
	cweight   []float64
}

func loadQuick(dir string) (*quickLex, error) {
	q := &quickLex{val: map[string]float64{}, neg: map[string]bool{}, boost: map[string]float64{},
		contrast: map[string]float64{}, slang: map[string]string{}}
	for _, name := range []string{"valence.tsv", "modifiers.tsv", "slang.tsv", "complaints.tsv"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		es, err := ParseFile(name, f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", dir, err)
		}
		for _, e := range es {
			q.add(name, e)
		}
	}
	return q, nil
}

func (q *quickLex) add(name string, e Entry) {
	switch name {
	case "valence.tsv":
		q.val[e.Term] = e.Value
	case "slang.tsv":
		q.slang[e.Term] = e.Kind
	case "complaints.tsv":
		q.complaint = append(q.complaint, strings.Fields(e.Term))
		q.cweight = append(q.cweight, e.Value)
	case "modifiers.tsv":
		switch e.Kind {
		case "negator":
			q.neg[e.Term] = true
		case "negprefix":
			q.negprefix = append(q.negprefix, e.Term)
		case "booster":
			q.boost[e.Term] = e.Value
		case "contrast":
			q.contrast[e.Term] = e.Value
		}
	}
}

func quickTokens(text string, slang map[string]string) []string {
	var out []string
	for _, w := range strings.Fields(strings.ToLower(text)) {
		if strings.HasPrefix(w, "http") || strings.HasPrefix(w, "@") {
			continue
		}
		for _, t := range strings.FieldsFunc(w, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
		}) {
			t = strings.Trim(t, "-")
			if c, ok := slang[t]; ok {
				t = c
			}
			if t != "" {
				out = append(out, strings.Fields(t)...)
			}
		}
	}
	return out
}

// Score returns a compound score in [-1, 1] and its label.
func (q *quickLex) Score(text string) (float64, string) {
	toks := quickTokens(text, q.slang)
	sum, weight := 0.0, 1.0
	for i := 0; i < len(toks); i++ {
		if w, ok := q.contrast[toks[i]]; ok {
			sum *= 0.5
			weight = w
			continue
		}
		v, n := q.lookup(toks, i)
		if v == 0 {
			continue
		}
		v = q.modify(toks, i, n, v)
		sum += v * weight
		i += n - 1
	}
	for k, pat := range q.complaint {
		if matchAt(toks, pat) {
			sum += q.cweight[k]
		}
	}
	s := sum / math.Sqrt(sum*sum+15)
	switch {
	case s >= 0.05:
		return s, "positive"
	case s <= -0.05:
		return s, "negative"
	}
	return s, "neutral"
}

func (q *quickLex) lookup(toks []string, i int) (float64, int) {
	for n := 3; n >= 1; n-- {
		if i+n <= len(toks) {
			if v, ok := q.val[strings.Join(toks[i:i+n], " ")]; ok {
				return v, n
			}
		}
	}
	for _, p := range q.negprefix {
		if rest, ok := strings.CutPrefix(toks[i], p); ok {
			if v, ok := q.val[rest]; ok {
				return -0.74 * v, 1
			}
		}
	}
	return 0, 1
}

func (q *quickLex) modify(toks []string, i, n int, v float64) float64 {
	for j := max(0, i-3); j < i; j++ {
		if q.neg[toks[j]] {
			v *= -0.74
			break
		}
	}
	b := 0.0
	if i > 0 {
		b += q.boost[toks[i-1]]
	}
	if i+n < len(toks) {
		b += q.boost[toks[i+n]]
	}
	return v + math.Copysign(b, v)
}

func matchAt(toks []string, pat []string) bool {
	for i := range toks {
		if matchFrom(toks[i:], pat) {
			return true
		}
	}
	return false
}

func matchFrom(toks, pat []string) bool {
	if len(pat) == 0 {
		return true
	}
	if pat[0] == "?" { // optional next token
		return len(pat) > 1 && (matchFrom(toks, pat[2:]) || matchFrom(toks, pat[1:]))
	}
	if len(toks) == 0 {
		return false
	}
	ok := pat[0] == "*" || pat[0] == toks[0] || (pat[0] == "<num>" && isNum(toks[0]))
	return ok && matchFrom(toks[1:], pat[1:])
}

func isNum(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}
