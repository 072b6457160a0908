package sentiment

import (
	"fmt"
	"strconv"
	"strings"
)

// Complaint categories accepted in complaints.tsv ("urgency" is internal, for urgency.tsv).
var complaintCategories = map[string]bool{
	"waiting": true, "delay": true, "cancellation": true, "lost": true, "refund": true,
	"broken": true, "billing": true, "service": true, "other": true, "urgency": true,
	"churn": true, // the customer says they are leaving or warns others off
}

// categoryChurn is a customer leaving or warning others off.
const categoryChurn = "churn"

// categoryOther is the category of weak cues ("again") that lower the score
// but do not by themselves make a text a complaint.
const categoryOther = "other"

// complains reports whether a pattern of category c marks a complaint.
func complains(c string) bool { return c != categoryOther }

type elemKind uint8

const (
	elemWord elemKind = iota
	elemNum
	elemAny
)

type elem struct {
	word     string
	kind     elemKind
	optional bool
}

// pattern is one line of complaints.tsv or urgency.tsv: a token sequence.
type pattern struct {
	elems    []elem
	text     string // as written, for explanations
	category string
	weight   float32 // valence for complaints, level for urgency
}

// patternSet indexes patterns by their first literal word so matching costs
// one map lookup per token; patterns starting with <num> or * are few and
// tried everywhere.
type patternSet struct {
	byWord map[string][]int
	other  []int
	all    []pattern
}

func (ps *patternSet) add(text, category, weight string) error {
	if !complaintCategories[category] {
		return fmt.Errorf("category %q: %w", category, ErrLexiconFormat)
	}
	w, err := strconv.ParseFloat(strings.TrimSpace(weight), 32)
	if err != nil {
		return fmt.Errorf("weight %q: %w", weight, ErrLexiconFormat)
	}
	p := pattern{text: text, category: category, weight: float32(w)}
	optional := false
	for _, f := range strings.Fields(strings.ToLower(text)) {
		switch f {
		case "?":
			optional = true
			continue
		case "<num>":
			p.elems = append(p.elems, elem{kind: elemNum, optional: optional})
		case "*":
			p.elems = append(p.elems, elem{kind: elemAny, optional: optional})
		default:
			p.elems = append(p.elems, elem{word: f, optional: optional})
		}
		optional = false
	}
	if len(p.elems) == 0 || p.elems[0].optional || optional {
		return fmt.Errorf("pattern %q: empty or optional at an end: %w", text, ErrLexiconFormat)
	}
	ps.all = append(ps.all, p)
	if p.elems[0].kind == elemWord {
		if ps.byWord == nil {
			ps.byWord = map[string][]int{}
		}
		ps.byWord[p.elems[0].word] = append(ps.byWord[p.elems[0].word], len(ps.all)-1)
	} else {
		ps.other = append(ps.other, len(ps.all)-1)
	}
	return nil
}

// match reports how many tokens pattern p consumes starting at toks[i], or
// -1. Optional elements are tried both ways (patterns are short).
func (p *pattern) match(toks []token, i int) int {
	return matchFrom(p.elems, toks, i, i)
}

func matchFrom(el []elem, toks []token, i, start int) int {
	if len(el) == 0 {
		return i - start
	}
	// An optional element is taken when it matches (the longer match: "waiting
	// for my" spans "my", so "my refund" does not fire again inside it), and
	// skipped otherwise.
	if i < len(toks) && toks[i].kind == tokWord && el[0].matches(&toks[i]) {
		if n := matchFrom(el[1:], toks, i+1, start); n >= 0 {
			return n
		}
	}
	if el[0].optional {
		return matchFrom(el[1:], toks, i, start)
	}
	return -1
}

// loyalWords mark a clause that only sounds like churn: "I will never go
// anywhere else again", "tak akan beli di tempat lain lagi" are loyalty.
var loyalWords = map[string]bool{
	"else": true, "elsewhere": true, "other": true, "another": true, "anyone": true, "anywhere": true,
	"lain": true, // ms/id: other
}

// loyal reports whether churn pattern p, matched on n tokens at i, is
// loyalty instead: a loyal word inside the match ("never go anywhere else
// again"), or, for a bare "never <verb>", in the rest of its clause ("would
// never buy from anyone else"). A pattern that names a loyal word itself
// ("take my business elsewhere") is churn whatever follows.
func (p *pattern) loyal(toks []token, i, n int) bool {
	for _, e := range p.elems {
		if loyalWords[e.word] {
			return false
		}
	}
	end := i + n
	if strings.HasPrefix(p.text, "never ") && !strings.Contains(p.text, "*") {
		end = len(toks)
	}
	for j := i; j < end && j < len(toks) && toks[j].kind != tokPunct; j++ {
		if toks[j].kind == tokWord && loyalWords[string(toks[j].w)] {
			return true
		}
	}
	return false
}
func (e *elem) matches(t *token) bool {
	switch e.kind {
	case elemNum:
		return t.num
	case elemAny:
		return true
	}
	return string(t.w) == e.word
}
