package sentiment

import (
	"github.com/earshot/earshot/internal/model"
)

// explain lists what moved the score: each scored word or emoji with its
// weight after modifiers (and the rule that shaped it), each complaint
// pattern, the punctuation rules, the model's strongest n-gram cues, and
// the final rule and model scores. It allocates; only Explain asks for it.
func (a *Analyzer) explain(s *scratch, rule, score float32, out *model.Analysis) {
	add := func(tok, rule string, w float32) {
		out.Explain = append(out.Explain, model.Contribution{Token: tok, Rule: rule, Weight: round3(float64(w))})
	}
	pat := 0
	for i := range s.toks {
		c := s.contrib[i]
		for ; pat < len(s.fired) && s.fired[pat].at == i; pat++ {
			f := s.fired[pat]
			add(f.p.text, "complaint:"+f.p.category, f.w)
			c -= f.w
		}
		if abs32(c) < 1e-4 {
			continue
		}
		add(tokenText(s, i), tokenRule(s, i), c)
	}
	if s.exclaims > 0 && rule != 0 { // "!" strengthens the text's lean, either way
		add("!", "exclamation", sign(rule)*exclaimIncr*float32(min(s.exclaims, maxExclaims)))
	}
	if s.questions > 0 {
		add("?", "question: x0.85", 0)
	}
	if s.urgency > 0 {
		add("", "urgency", float32(s.urgency))
	}
	add("", "rules", rule)
	if a.model != nil {
		a.explainModel(s, add)
		add("", "model", score)
	}
}

// tokenText is token i's text, or the whole phrase that starts at it.
func tokenText(s *scratch, i int) string {
	out := string(s.toks[i].w)
	for j, c := i+1, int(s.consume[i]); j < len(s.toks) && j < i+c && s.toks[j].kind == tokWord; j++ {
		out += " " + string(s.toks[j].w)
	}
	return out
}

// tokenRule names the rules that shaped token i's contribution.
func tokenRule(s *scratch, i int) string {
	t := &s.toks[i]
	switch {
	case t.kind == tokEmoji:
		return "emoji"
	case s.terms[i].kind == modContrast:
		return "contrast"
	case s.consume[i] > 1 && s.negated[i]:
		return "phrase+negated"
	case s.consume[i] > 1:
		return "phrase"
	case s.negated[i]:
		return "lexicon+negated"
	case s.complained && s.contrib[i] > 0:
		return "lexicon+complaint-context"
	case t.caps:
		return "lexicon+caps"
	}
	return "lexicon"
}

// explainModel reports the three n-grams the model leaned on most.
func (a *Analyzer) explainModel(s *scratch, add func(tok, rule string, w float32)) {
	if len(s.feats) == 0 {
		return
	}
	var best [3]struct {
		tok string
		w   float32
	}
	for i := range s.toks {
		t := &s.toks[i]
		if t.kind == tokPunct {
			continue
		}
		h := hashBytes(t.w)
		if s.negated[i] {
			h ^= saltNegated
		}
		w := a.model.tokenWeight(h) * NgramScale(len(s.feats))
		if seen(best[:], t.w) {
			continue
		}
		for k := range best {
			if abs32(w) > abs32(best[k].w) {
				copy(best[k+1:], best[k:len(best)-1])
				best[k].tok, best[k].w = string(t.w), w
				break
			}
		}
	}
	for _, b := range best {
		if b.tok != "" {
			add(b.tok, "model:ngram", b.w)
		}
	}
}

func seen(best []struct {
	tok string
	w   float32
}, w []byte) bool {
	for _, b := range best {
		if b.tok == string(w) {
			return true
		}
	}
	return false
}
