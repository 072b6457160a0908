package sentiment

// scratch is the per-call working memory of AnalyzeInto, pooled so the hot
// path allocates nothing once buffers have grown to the usual text size.
type scratch struct {
	buf     []byte
	toks    []token
	terms   []term    // per token: what the lexicon says (zero when unknown)
	contrib []float32 // per token: its share of the score
	clause  []uint16  // per token: clause number, for aspects
	consume []uint8   // per token: words of a phrase starting here (0: single word)
	negated []bool    // per token: inside a negation scope
	key     []byte    // phrase lookup key
	clauses []float32 // per clause: sum of contributions
	feats   []uint32  // hashed model features
	fired   []firedPattern
	dense   [numDense]float32

	words, capsWords, exclaims, questions int

	complaintW float32
	complained bool // a complaint pattern (not just an "other" cue) fired
	patternEnd int  // index past the last fired complaint pattern's words
	urgency    int
	posSum     float32
	negSum     float32
	emojiSum   float32
	negations  int
	contrasts  int
	hits       int
}

func newScratch() *scratch {
	return &scratch{buf: make([]byte, 0, 1024), toks: make([]token, 0, 64)}
}

func (s *scratch) reset() {
	*s = scratch{
		buf: s.buf[:0], toks: s.toks[:0], terms: s.terms[:0], contrib: s.contrib[:0],
		clause: s.clause[:0], consume: s.consume[:0], negated: s.negated[:0], key: s.key[:0],
		clauses: s.clauses[:0], feats: s.feats[:0], fired: s.fired[:0],
	}
}

// grow sizes the per-token slices to the token count, zeroed.
func (s *scratch) grow() {
	n := len(s.toks)
	s.terms = resize(s.terms, n)
	s.contrib = resize(s.contrib, n)
	s.clause = resize(s.clause, n)
	s.consume = resize(s.consume, n)
	s.negated = resize(s.negated, n)
	for i := range s.toks {
		t := &s.toks[i]
		t.w = s.buf[t.a:t.b]
	}
}

func resize[T any](x []T, n int) []T {
	if cap(x) < n {
		return make([]T, n, n+n/2)
	}
	x = x[:n]
	clear(x)
	return x
}

// firedPattern records a complaint pattern that matched, for Explain.
type firedPattern struct {
	at int
	p  *pattern
	w  float32 // the weight as applied: clause and contrast weighting included
}

func (s *scratch) setPattern(i int, p *pattern, w float32) {
	s.fired = append(s.fired, firedPattern{i, p, w})
}
