package sentiment

import (
	"math"
	"math/bits"

	"github.com/earshot/earshot/internal/model"
)

// Label thresholds on the score when no model decides (rules only, or a
// rating overriding the text).
const (
	labelThreshold = 0.05
	mismatchText   = 0.3 // |text score| needed to call a rating mismatch
	mismatchRating = 0.5 // |rating signal| needed, i.e. <= 2 or >= 4 stars
	complaintNeg   = 0.2 // -score at which a complaint is negative, see settle
	// complaintStrong is the summed pattern weight that makes a complaint
	// strong: two patterns ("where is my" + "<num> hours") or a strong one.
	complaintStrong = 1.5
	rulesOnlyBand   = labelThreshold // |rule score| deciding a rules-only neutral (VADER's band), see settle
)

// ruleScore sums the token contributions, applies exclamation and question
// marks, and normalises to (-1, 1).
func (s *scratch) ruleScore() float32 {
	var sum float32
	for _, c := range s.contrib {
		sum += c
		if c > 0 {
			s.posSum += c
		} else {
			s.negSum -= c
		}
	}
	if sum != 0 && s.exclaims > 0 {
		sum += sign(sum) * exclaimIncr * float32(min(s.exclaims, maxExclaims))
	}
	if s.questions > 0 {
		sum *= questionDamp
	}
	return normScore(sum)
}

// finish turns the token scores into the analysis: model or rule label,
// rating blend, aspects, complaint flag and explanation.
func (a *Analyzer) finish(s *scratch, lex *lexicon, in Input, out *model.Analysis) {
	rule := s.ruleScore()
	score, probs := rule, ruleProbs(rule)
	if a.model != nil {
		ngrams := a.featurize(s, lex, rule, false)
		probs = a.model.predict(s, ngrams)
		score = probs[2] - probs[0]
		out.Label = argmaxLabel(probs)
		out.Label, score = s.settle(out.Label, score, rule, ngrams)
		if out.Label == model.Neutral {
			// A neutral text's score is its lean, shrunk by how sure the
			// model is that it is neutral: news-like text whose only cues
			// are n-grams ("... in Penang next month") stays near 0.
			score *= 1 - probs[1]
		}
	} else {
		out.Label = bandLabel(score, labelThreshold)
	}
	out.Confidence = round3(float64(max(probs[0], probs[1], probs[2])))
	if in.Rating != nil && !math.IsNaN(*in.Rating) {
		score = a.blendRating(score, *in.Rating, out, in.Explain)
	}
	out.Score = round3(float64(score))
	out.Urgency = s.urgency
	a.aspectScores(s, out)
	out.Complaint = s.complained && score < 0.25 || score <= -0.5 && len(out.Aspects) > 0
	if in.Explain {
		a.explain(s, rule, score, out)
	}
}

// settle overrides a neutral model label where the rules are clear. Strong
// complaint patterns with a negative score are negative: a customer telling a
// brand "where is my bag??? 3 hours at the carousel" is not neutral. Where
// the model has no n-grams for the language (hy), its neutral class is
// calibrated on languages whose lexicons cover far more words, so a clear
// rule score decides instead.
// When the rules decide, the rule score is the score too: a label and a
// score of opposite signs would tell two stories.
func (s *scratch) settle(l model.Label, score, rule float32, ngrams bool) (model.Label, float32) {
	if l != model.Neutral {
		return l, score
	}
	switch {
	case s.complained && s.complaintW <= -complaintStrong && score <= -complaintNeg && rule < 0:
		return model.Negative, score
	case !ngrams && rule <= -rulesOnlyBand:
		return model.Negative, rule
	case !ngrams && rule >= rulesOnlyBand:
		return model.Positive, rule
	}
	return l, score
}

// ruleProbs gives rules-only confidence: how far the score is past the threshold.
func ruleProbs(score float32) [3]float32 {
	x := min(abs32(score), 1)
	switch {
	case score >= labelThreshold:
		return [3]float32{0, 1 - x, x}
	case score <= -labelThreshold:
		return [3]float32{x, 1 - x, 0}
	}
	return [3]float32{0, 1, 0}
}

func argmaxLabel(p [3]float32) model.Label {
	switch {
	case p[0] > p[1] && p[0] >= p[2]:
		return model.Negative
	case p[2] > p[1]:
		return model.Positive
	}
	return model.Neutral
}

func bandLabel(score, band float32) model.Label {
	switch {
	case score >= band && score > 0:
		return model.Positive
	case score <= -band && score < 0:
		return model.Negative
	}
	return model.Neutral
}

// blendRating mixes the star rating ((rating-3)/2, in -1..1) into the score,
// flags a text that strongly disagrees with its rating, and relabels.
func (a *Analyzer) blendRating(text float32, rating float64, out *model.Analysis, explain bool) float32 {
	r := float32(min(max((rating-3)/2, -1), 1))
	out.RatingMismatch = text*r < 0 && abs32(text) >= mismatchText && abs32(r) >= mismatchRating
	score := (1-ratingWeight)*text + ratingWeight*r
	out.Label = bandLabel(score, labelThreshold)
	if explain {
		out.Explain = append(out.Explain, model.Contribution{Rule: "rating", Weight: round3(float64(ratingWeight * r))})
	}
	return score
}

// aspectScores scores each aspect from the clause(s) it is mentioned in.
// When the text names one aspect only and its own clauses carry no
// sentiment, the text's does: in "Delivery took three weeks, awful." the
// verdict sits in a clause of its own, and it is about the delivery.
func (a *Analyzer) aspectScores(s *scratch, out *model.Analysis) {
	var seen uint16
	for i := range s.toks {
		seen |= s.terms[i].aspects
	}
	if seen == 0 {
		return
	}
	n := int(s.clause[len(s.clause)-1]) + 1
	s.clauses = resize(s.clauses, n)
	var whole float32
	for i, c := range s.contrib {
		s.clauses[s.clause[i]] += c
		whole += c
	}
	only := bits.OnesCount16(seen) == 1
	for bit, name := range a.aspects.names {
		if seen&(1<<bit) == 0 {
			continue
		}
		var sum float32
		last := -1 // the clause last counted: clause numbers never decrease along the tokens
		for i := range s.toks {
			c := int(s.clause[i])
			if s.terms[i].aspects&(1<<bit) != 0 && c != last {
				sum += s.clauses[c]
				last = c
			}
		}
		if sum == 0 && only {
			sum = whole
		}
		out.Aspects = append(out.Aspects, model.AspectScore{Aspect: name, Score: round3(float64(normScore(sum)))})
	}
}

func abs32(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}

func round3(x float64) float64 {
	if x < 0 {
		return -float64(int64(-x*1000+0.5)) / 1000
	}
	return float64(int64(x*1000+0.5)) / 1000
}
