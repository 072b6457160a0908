package sentiment

import "bytes"

// ruleState is the left-to-right state of the rules over one text.
type ruleState struct {
	capsDiff bool    // some words, not all, are in capitals
	negLeft  int     // words still inside a negation scope
	boostAt  int     // word number of the last booster
	clause   int     // current clause number
	words    int     // words seen so far
	boost    float32 // the last booster's value
	mult     float32 // weight of the current clause (after a contrast word)
	// lastVal and lastValWord locate the last scored word in the clause, for
	// a post-positional booster; lastScale is what its valence was scaled by
	// (clause weight, negation) so the boost is scaled alike.
	lastVal, lastValWord int
	lastScale            float32
}

// scoreTokens runs the rules over the tokens: lexicon lookup (slang,
// elongation, negating prefixes, phrases), negation scope, boosters, caps,
// contrast and complaint/urgency patterns. It fills s.contrib and the tallies.
func (a *Analyzer) scoreTokens(s *scratch, lex *lexicon) {
	a.lookupAll(s, lex)
	st := ruleState{capsDiff: s.capsWords > 0 && s.capsWords < s.words, boostAt: -10, mult: 1, lastValWord: -10}
	for i := 0; i < len(s.toks); i++ {
		s.clause[i] = uint16(min(st.clause, 65535))
		switch t := &s.toks[i]; t.kind {
		case tokPunct:
			st.boundary(t.p)
		case tokEmoji:
			s.contrib[i] = t.val * st.mult
			s.emojiSum += t.val
		default:
			i = a.scoreWord(s, lex, &st, i)
		}
	}
	if s.contrasts > 0 {
		s.weighBeforeContrasts()
	}
	if s.complained {
		s.discountPraise()
	}
}

// discountPraise halves positive words in a text that also complains:
// "great, delayed again" and "thanks for losing my bag" are rarely praise.
func (s *scratch) discountPraise() {
	for i, c := range s.contrib {
		if c > 0 && s.toks[i].kind == tokWord {
			s.contrib[i] = c * complaintPraise
		}
	}
}

// boundary ends negation at any clause mark and the contrast weight at the
// end of a sentence.
func (st *ruleState) boundary(p byte) {
	if p == ':' { // "Food: excellent": the aspect and its verdict share a clause
		st.negLeft = 0
		return
	}
	st.negLeft, st.clause, st.lastValWord = 0, st.clause+1, -10
	if p != ',' && p != ';' {
		st.mult = 1
	}
}

// scoreWord applies the rules to word i and returns the index of its last
// token (a phrase spans several).
func (a *Analyzer) scoreWord(s *scratch, lex *lexicon, st *ruleState, i int) int {
	t, te := &s.toks[i], &s.terms[i]
	st.words++
	if st.negLeft > 0 {
		s.negated[i] = !te.selfNeg // negative concord: already negated, not flipped back
		st.negLeft--
	}
	fired := a.matchPatterns(s, lex, i, te.pat, st.mult)
	posted := te.postVal != 0 && st.postBoost(s, te.postVal)
	switch {
	case te.kind == modNegator || te.kind == modNone && !te.hasVal && bytes.HasSuffix(t.w, []byte("n't")):
		st.negLeft = negScope
		s.negations++
	case te.kind == modBooster && !posted:
		st.boost, st.boostAt = te.modVal, st.words
	case te.kind == modContrast:
		s.contrasts++
		st.mult, st.negLeft, st.clause = te.modVal, 0, st.clause+1
		s.clause[i] = uint16(min(st.clause, 65535))
	}
	if te.hasVal && te.val != 0 {
		v := wordValence(t, te, st.capsDiff, st.boost, st.words-st.boostAt)
		if s.negated[i] {
			v *= negScalar
		}
		if fired < 0 && v < 0 && s.consume[i] > 1 {
			// A complaint pattern and a lexicon phrase on the same words
			// ("never arrived", "don't buy") count once, at the stronger. (A
			// single word and a pattern starting with it, "delayed" and
			// "delayed 3 hours", are two pieces of evidence: the delay and
			// its length.)
			v = min(v-fired, 0)
		}
		s.contrib[i] += v * st.mult
		s.hits++
		st.lastVal, st.lastValWord, st.lastScale = i, st.words, abs32(st.mult)
		if s.negated[i] {
			st.lastScale *= -negScalar
		}
	}
	if c := int(s.consume[i]); c > 1 {
		// The phrase's other words were scored with it; after a negating
		// first word ("not the worst") they are negated for the model too.
		return skipWords(s, i, c, negatesRest(lex, t.w))
	}
	return i
}

// negatesRest reports whether a phrase's first word w is a negator.
func negatesRest(lex *lexicon, w []byte) bool {
	return lex.terms[string(w)].kind == modNegator || bytes.HasSuffix(w, []byte("n't"))
}

// postBoost strengthens the scored word one or two words back in the same
// clause by a post-positional booster's value ("enak banget" = "very tasty"),
// scaled as a booster before it would be. It reports whether it applied, so
// a word that boosts either way ("sangat") is not used twice.
func (st *ruleState) postBoost(s *scratch, v float32) bool {
	d := st.words - st.lastValWord
	c := s.contrib[st.lastVal]
	if d < 1 || d > 2 || c == 0 {
		return false
	}
	s.contrib[st.lastVal] = c + sign(c)*v*[3]float32{0, 1, 0.95}[d]*st.lastScale
	return true
}

// weighBeforeContrasts multiplies everything before a contrast word in its
// sentence by beforeWeight (again for each further contrast), in one
// backward pass: "but" in the last sentence does not halve the first one,
// nor the title. Fired patterns' recorded weights are scaled alike, so the
// explanation shows what they added.
func (s *scratch) weighBeforeContrasts() {
	f := float32(1)
	pat := len(s.fired) - 1
	for i := len(s.toks) - 1; i >= 0; i-- {
		t := &s.toks[i]
		if t.kind == tokPunct && t.p != ',' && t.p != ';' && t.p != ':' {
			f = 1
		}
		s.contrib[i] *= f
		for ; pat >= 0 && s.fired[pat].at == i; pat-- {
			s.fired[pat].w *= f
		}
		if t.kind == tokWord && s.terms[i].kind == modContrast {
			f *= beforeWeight
		}
	}
}

// wordValence applies caps, elongation and a booster dist words back.
func wordValence(t *token, te *term, capsDiff bool, boost float32, dist int) float32 {
	v := te.val
	if t.caps && capsDiff {
		v += sign(v) * capsIncr
	}
	if t.elong {
		v += sign(v) * elongIncr
	}
	if dist >= 1 && dist <= 3 {
		v += sign(v) * boost * [4]float32{0, 1, 0.95, 0.9}[dist]
	}
	return v
}

// skipWords returns the index of the last token of a c-word phrase at i,
// marking its words negated when the phrase starts with a negator.
func skipWords(s *scratch, i, c int, negated bool) int {
	for c > 1 && i+1 < len(s.toks) && s.toks[i+1].kind == tokWord {
		i++
		c--
		s.clause[i] = s.clause[i-1]
		s.negated[i] = s.negated[i] || negated
	}
	return i
}

// lookupAll resolves each word to its term: slang first, then the word, its
// de-elongated forms, a negating prefix, and phrases starting at it.
func (a *Analyzer) lookupAll(s *scratch, lex *lexicon) {
	for i := range s.toks {
		t := &s.toks[i]
		if t.kind != tokWord {
			continue
		}
		te, ok := lex.terms[string(t.w)]
		if ok && te.canon != nil {
			t.w = te.canon
			te, ok = lex.terms[string(t.w)]
		}
		if !ok && t.elong {
			te, ok = a.deElongate(s, lex, t)
		}
		if !ok && len(lex.negPrefixes) > 0 {
			te = negPrefixed(lex, t.w)
		}
		s.terms[i] = te
		if te.multi > 1 {
			a.phrase(s, lex, i, int(te.multi))
		}
	}
}

// deElongate tries the word with every doubled letter made single ("soo" -> "so").
func (a *Analyzer) deElongate(s *scratch, lex *lexicon, t *token) (term, bool) {
	k := s.key[:0]
	for j := 0; j < len(t.w); j++ {
		if j > 0 && t.w[j] == t.w[j-1] && t.w[j] < 0x80 {
			continue
		}
		k = append(k, t.w[j])
	}
	s.key = k
	te, ok := lex.terms[string(k)]
	if ok {
		start := len(s.buf)
		s.buf = append(s.buf, k...)
		t.w = s.buf[start:]
	}
	return te, ok
}

// negPrefixed handles a prefix glued to a word that negates it (hy "չ").
func negPrefixed(lex *lexicon, w []byte) term {
	for _, p := range lex.negPrefixes {
		if len(w) > len(p) && string(w[:len(p)]) == p {
			if te, ok := lex.terms[string(w[len(p):])]; ok && te.hasVal {
				te.val *= negScalar
				te.selfNeg = true
				return te
			}
		}
	}
	return term{}
}

// phrase looks for the longest lexicon phrase (up to n words) starting at
// word i, and if found stores it as token i's term.
func (a *Analyzer) phrase(s *scratch, lex *lexicon, i, n int) {
	k := append(s.key[:0], s.toks[i].w...)
	var ends [8]int
	words := 1
	for j := i + 1; j < len(s.toks) && words < min(n, len(ends)); j++ {
		if s.toks[j].kind != tokWord {
			break
		}
		k = append(append(k, ' '), s.toks[j].w...)
		ends[words] = len(k)
		words++
	}
	s.key = k
	for w := words; w > 1; w-- {
		if te, ok := lex.terms[string(k[:ends[w-1]])]; ok && (te.hasVal || te.kind != modNone || te.aspects != 0) {
			te.multi, te.pat = s.terms[i].multi, s.terms[i].pat // patterns may start here too
			s.terms[i] = te
			s.consume[i] = uint8(w)
			return
		}
	}
}

// matchPatterns fires the longest complaint pattern and the highest urgency
// pattern starting at word i, and returns the complaint weight it added. A
// negated complaint ("not delayed") does not fire.
func (a *Analyzer) matchPatterns(s *scratch, lex *lexicon, i int, pat uint8, mult float32) float32 {
	w := s.toks[i].w
	var fired float32
	fire := func(p *pattern, n int) {
		s.contrib[i] += p.weight * mult
		s.complaintW += p.weight
		s.complained = s.complained || complains(p.category)
		s.setPattern(i, p, p.weight*mult)
		fired += p.weight
		s.patternEnd = max(s.patternEnd, i+n)
	}
	// A pattern does not start inside one that fired ("waited 40 minutes"
	// is one complaint, not "waited <num>" plus "<num> minutes").
	if i >= s.patternEnd && pat&patComplaint != 0 && !s.negated[i] {
		if p, n := longest(&lex.complaints, lex.complaints.byWord[string(w)], s.toks, i); p != nil && !(p.category == categoryChurn && p.loyal(s.toks, i, n)) {
			fire(p, n)
		}
	}
	if i >= s.patternEnd && s.toks[i].num {
		if p, n := longest(&lex.complaints, lex.complaints.other, s.toks, i); p != nil {
			fire(p, n)
		}
	}
	if pat&patUrgency != 0 && !s.negated[i] { // "not urgent", "never felt unsafe"
		if p, _ := longest(&lex.urgency, lex.urgency.byWord[string(w)], s.toks, i); p != nil {
			s.urgency = max(s.urgency, int(p.weight))
		}
	}
	return fired
}

func longest(ps *patternSet, idx []int, toks []token, i int) (*pattern, int) {
	var best *pattern
	bestN := 0
	for _, k := range idx {
		p := &ps.all[k]
		if n := p.match(toks, i); n > bestN {
			best, bestN = p, n
		}
	}
	return best, bestN
}
