package sentiment

import "math"

// Salts keep negated words and bigrams apart from plain unigrams.
const (
	saltNegated = 0x9e3779b9
	saltBigram  = 0x85ebca6b
)

func hashBytes(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}

// featurize fills s.feats (hashed unigrams, negation-marked, and bigrams
// within a clause) and s.dense (the rule engine's tallies). N-grams are used
// only for languages the model saw in training, so unseen words of another
// language cannot collide with trained buckets.
func (a *Analyzer) featurize(s *scratch, lex *lexicon, rule float32, allNgrams bool) (ngrams bool) {
	s.feats = s.feats[:0]
	ngrams = allNgrams || a.model != nil && a.model.langs[lex.lang]
	if ngrams {
		var prev uint32
		for i := range s.toks {
			t := &s.toks[i]
			if t.kind == tokPunct {
				prev = 0
				continue
			}
			h := hashBytes(t.w)
			if s.negated[i] {
				h ^= saltNegated
			}
			s.feats = append(s.feats, h)
			if prev != 0 {
				s.feats = append(s.feats, (prev*31+h)^saltBigram)
			}
			prev = h
		}
	}
	s.denseFeatures(rule)
	return ngrams
}

func squash(x float32) float32 { return x / (x + 2) }

func (s *scratch) denseFeatures(rule float32) {
	d := &s.dense
	d[0] = rule
	d[1] = squash(s.posSum)
	d[2] = squash(s.negSum)
	d[3] = squash(-s.complaintW)
	d[4] = b2f(s.questions > 0)
	d[5] = float32(min(s.exclaims, maxExclaims)) / maxExclaims
	d[6] = b2f(s.negations > 0)
	d[7] = normScore(s.emojiSum)
	d[8] = float32(s.urgency) / 3
	d[9] = float32(math.Log1p(float64(s.words))) / 4
	d[10] = b2f(s.hits == 0 && s.emojiSum == 0)
	d[11] = b2f(s.capsWords > 0 && s.capsWords < s.words)
	// Neutral sits between the poles: a linear model needs the magnitude
	// of the rule score, not just its sign, to see it.
	d[12] = abs32(rule)
	d[13] = squash(min(s.posSum, s.negSum)) // mixed feelings
}

func b2f(b bool) float32 {
	if b {
		return 1
	}
	return 0
}

// TrainingFeatures returns the model inputs of one text: hashed n-grams and
// rule features, and the language used. It exists for the trainer
// (sentiment/internal/train), which must see exactly what Analyze computes;
// other callers have no use for it.
func (a *Analyzer) TrainingFeatures(in Input) (hashed []uint32, dense []float32, lang string) {
	s := newScratch()
	text, title, _ := capText(in.Text, in.Title)
	lang, lex, _ := a.prepare(s, text, title, in.LangHint)
	if lex == nil {
		return nil, nil, lang
	}
	a.scoreTokens(s, lex)
	rule := s.ruleScore()
	a.featurize(s, lex, rule, true)
	return append([]uint32(nil), s.feats...), append([]float32(nil), s.dense[:]...), lang
}
