package langid

// Tuning constants, measured on the development files (see SOURCES.md).
const (
	// minScore is the least evidence, priors aside, that names a language:
	// half a listed word, or one or two common trigrams. Less is "und", so
	// a lone brand name is not called English.
	minScore = 3
	// fullEvidence is the letter count at which Confidence stops growing.
	fullEvidence = 12
	// minLetters is the fewest letters a language is named from when the
	// script alone does not say: "k" or "ok" is not evidence of Czech.
	minLetters = 3
	// minScriptLetters is the fewest letters of a script that only one
	// language writes (Armenian, Hangul, Greek, Thai...) that name it.
	minScriptLetters = 2
	// wordsDecide is the lead, in words' worth of evidence, at which the
	// listed words alone settle the language and trigrams are not counted:
	// most posts have a few frequent words, and skipping the trigram pass
	// is what keeps Detect near a microsecond.
	wordsDecide = 14
)

// decisive reports whether the first pass (words, letters, scripts) already
// settles the answer, so the trigram pass would change nothing that matters.
func (d *Detector) decisive(st *state, main script) bool {
	if main == scNone || scriptInfo[main].lang != "" || main == scHan || main == scKana {
		return true
	}
	// The runner-up that matters is the best language outside the leader's
	// Malay-Indonesian pair: the words between those two are final already.
	var top, second, third int32
	var topLang, secondLang uint8
	for _, l := range d.byScript[main] {
		switch sc := st.score[l] + d.prior[l]; {
		case sc > top:
			third, second, secondLang = second, top, topLang
			top, topLang = sc, l
		case sc > second:
			third, second, secondLang = second, sc, l
		case sc > third:
			third = sc
		}
	}
	if d.malayPair(topLang, secondLang) {
		second = third
	}
	return top-second >= wordsDecide*weightScale
}

// malayPair reports whether a and b are Malay and Indonesian, in either order.
func (d *Detector) malayPair(a, b uint8) bool {
	return (a == d.ms && b == d.id) || (a == d.id && b == d.ms)
}

// decide turns the accumulated counts and scores into a Result; main and
// total are mainScript's answer.
func (d *Detector) decide(st *state, main script, total int32) Result {
	if main == scNone {
		return Result{Lang: Undetermined}
	}
	n := st.count[main]
	if main == scHan || main == scKana {
		main, n = cjk(st)
	}
	share := float64(n) / float64(total)
	evidence := min(1, float64(n)/fullEvidence)
	info := scriptInfo[main]
	if info.lang != "" {
		// One letter is a symbol (π, the ツ of a shrug), not a language;
		// two already make a word in Hangul, Thai or Armenian. (One Han
		// character can be a word, and Han is decided in cjk.)
		if main != scHan && n/weightOf(main) < minScriptLetters {
			return Result{Lang: Undetermined, Script: info.code}
		}
		return Result{Lang: info.lang, Script: info.code, Confidence: share * evidence}
	}
	lang, margin, ok := d.best(st, main)
	if !ok || n < minLetters {
		return Result{Lang: Undetermined, Script: info.code}
	}
	return Result{Lang: d.langs[lang], Script: info.code, Confidence: share * evidence * (0.5 + 0.5*margin)}
}

// mainScript returns the script with the most (weighted) letters and the
// total over all scripts. On a tie the script listed first wins.
func mainScript(st *state) (script, int32) {
	main, total := scNone, int32(0)
	for s := scLatin; s < numScripts; s++ {
		c := st.count[s]
		total += c
		if s == scKana {
			c += st.count[scHan] // kanji with kana is Japanese: judge them together
		}
		if c > st.count[main] {
			main = s
		}
	}
	return main, total
}

// cjk tells Japanese from Chinese: Chinese never uses kana, while Japanese
// text is rarely without it.
func cjk(st *state) (script, int32) {
	han, kana := st.count[scHan], st.count[scKana]
	if kana > 0 && 10*kana >= han+kana {
		return scKana, han + kana
	}
	return scHan, han + kana
}

// best picks the highest-scoring language of script s, and a margin in
// [0, 1] saying how far ahead of the runner-up it is.
func (d *Detector) best(st *state, s script) (uint8, float64, bool) {
	var top, second uint8
	var topScore, secondScore int32 = -1, -1
	for _, l := range d.byScript[s] {
		switch sc := st.score[l] + d.prior[l]; {
		case sc > topScore:
			second, secondScore = top, topScore
			top, topScore = l, sc
		case sc > secondScore:
			second, secondScore = l, sc
		}
	}
	if st.score[top] < minScore*weightScale { // the prior alone names nothing
		return 0, 0, false
	}
	top = d.malayOrIndonesian(top, second, topScore-secondScore)
	return top, float64(topScore-max(secondScore, 0)) / float64(topScore), true
}

// malayOrIndonesian settles a tie between Malay and Indonesian, which share
// every trigram and most words: with no word that only one of them uses,
// the text is called Malay, the language earshot's users watch most.
func (d *Detector) malayOrIndonesian(top, second uint8, lead int32) uint8 {
	if d.malayPair(top, second) && lead == 0 {
		return d.ms
	}
	return top
}
