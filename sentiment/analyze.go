package sentiment

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment/langid"
)

// maxTextBytes caps how much of a text is analysed, so a 1 MB post costs
// bounded time; Explain says when the cap applied.
const maxTextBytes = 16 << 10

// Scoring constants on VADER's scale (Hutto & Gilbert 2014), where they were
// measured; the question damping and rating blend are earshot's.
const (
	negScalar    = -0.74
	capsIncr     = 0.733
	elongIncr    = 0.3
	exclaimIncr  = 0.292
	maxExclaims  = 4
	normAlpha    = 15
	questionDamp = 0.85
	beforeWeight = 0.5 // weight of the clause before a contrast word
	negScope     = 3   // words a negator reaches
	ratingWeight = 0.4 // share of the rating in a rated text's score
	// complaintPraise scales positive words in a text with a complaint pattern.
	complaintPraise = 0.5
)

// AnalyzeInto writes the analysis of in to out, reusing out's slices. It is
// the hot path: it allocates nothing unless in.Explain is set.
func (a *Analyzer) AnalyzeInto(in Input, out *model.Analysis) {
	s := a.pool.Get().(*scratch)
	s.reset()
	defer a.pool.Put(s)
	*out = model.Analysis{Version: a.version, Label: model.Neutral,
		Aspects: out.Aspects[:0], Explain: out.Explain[:0]}
	text, title, cut := capText(in.Text, in.Title)
	if cut && in.Explain {
		out.Explain = append(out.Explain, model.Contribution{Rule: "truncated: analysed the first 16 KiB"})
	}
	lang, lex, det := a.prepare(s, text, title, in.LangHint)
	out.Lang = lang
	if lex = a.score(s, lang, lex, det, text, title, in.Explain, out); lex == nil {
		return // a language we cannot score, or nothing to score: say so, never pretend it is neutral
	}
	if lang != langid.Undetermined && a.langs[lang] == nil {
		// langid, unsure, named a language without a lexicon ("Delicious food"
		// as Danish), and another lexicon of the script found words: report
		// that language, so a scored mention always names one earshot scores.
		// (Between scored languages, ms and id above all, langid's answer stays.)
		out.Lang = lex.lang
	}
	out.Scored = true
	a.finish(s, lex, in, out)
}

// score runs the rules over s with lex and returns the lexicon it used, or
// nil when the text cannot be scored. A text with no evidence from a
// language langid was unsure of is tried with the other lexicons of its
// script; when langid's language has no lexicon, the caller reports the
// language of the lexicon that scored.
func (a *Analyzer) score(s *scratch, lang string, lex *lexicon, det langid.Result, text, title string, explain bool, out *model.Analysis) *lexicon {
	unsure := det.Confidence > 0 && det.Confidence < altConfidence || lang == langid.Undetermined && det.Script != ""
	if lex == nil {
		if !unsure || a.langs[lang] != nil {
			return nil
		}
		alt := a.unsureLanguage(s, det.Script, text, title)
		if explain && alt != nil {
			out.Explain = append(out.Explain, model.Contribution{Token: lang, Rule: "lexicon: no " + lang + " lexicon and langid unsure, scored with " + alt.lang})
		}
		return alt
	}
	a.scoreTokens(s, lex)
	if !unsure || s.evidence() {
		return lex
	}
	alt := a.retryLanguage(s, lex, det.Script, text, title)
	if explain && alt != lex {
		out.Explain = append(out.Explain, model.Contribution{Token: lang, Rule: "lexicon: no evidence in " + lex.lang + ", scored with " + alt.lang})
	}
	return alt
}

// altConfidence is the language-ID confidence under which a text whose
// lexicon finds nothing is tried with the other languages of its script:
// langid's confidence is at most 0.5 + 0.5*margin over the runner-up, so
// below 0.75 the runner-up scored at least half the winner's score.
const altConfidence = 0.75

// evidence reports whether the rules found anything to score: a lexicon
// word, a complaint pattern or an emoji.
func (s *scratch) evidence() bool {
	return s.hits > 0 || s.complaintW != 0 || s.complained || s.emojiSum != 0
}

// retryLanguage scores a short or ambiguous text ("produk miskin." identified
// as English) with the first other lexicon of the same script that finds
// evidence in it, and returns the lexicon s now holds the scores of. Only
// texts with nothing scored pay for it, and it allocates nothing.
func (a *Analyzer) retryLanguage(s *scratch, lex *lexicon, script, text, title string) *lexicon {
	dirty := false
	for _, alt := range a.byScript[script] {
		if alt == lex || !alt.mayScore(s) {
			continue
		}
		a.rescan(s, text, title)
		a.scoreTokens(s, alt)
		if s.evidence() {
			return alt
		}
		dirty = true
	}
	if dirty {
		a.rescan(s, text, title)
		a.scoreTokens(s, lex)
	}
	return lex
}

// mayScore is a cheap first look: whether any word of s (or its slang
// canonical) has a valence in l or starts a complaint pattern, so most
// texts are not tokenized and scored again for nothing.
func (l *lexicon) mayScore(s *scratch) bool {
	for i := range s.toks {
		if s.toks[i].kind != tokWord {
			continue
		}
		if s.toks[i].num && len(l.complaints.other) > 0 {
			return true // "<num> hours" patterns start at a number
		}
		t, ok := l.terms[string(s.toks[i].w)]
		if ok && t.canon != nil {
			t = l.terms[string(t.canon)]
		}
		if t.hasVal && t.val != 0 || t.pat&patComplaint != 0 {
			return true
		}
	}
	return false
}

// unsureLanguage scores a text langid gave, without confidence, to a
// language that has no lexicon ("Thank you!" called Dutch) with the first
// lexicon of the same script that finds a scored word in it; nil if none
// does, and the text stays unscored.
func (a *Analyzer) unsureLanguage(s *scratch, script, text, title string) *lexicon {
	a.tokenizeAll(s, text, title)
	for _, alt := range a.byScript[script] {
		if !alt.mayScore(s) {
			continue
		}
		a.rescan(s, text, title)
		a.scoreTokens(s, alt)
		if s.evidence() {
			return alt
		}
	}
	return nil
}

// rescan clears s and tokenizes the text again (lookups rewrite tokens).
func (a *Analyzer) rescan(s *scratch, text, title string) {
	s.reset()
	a.tokenizeAll(s, text, title)
}

// prepare identifies the language and tokenizes title and text into s. It
// returns a nil lexicon when the language has none, or when the text holds
// no word and no emoji (empty, only URLs and @handles).
// The langid result is zero when a hint named the language.
func (a *Analyzer) prepare(s *scratch, text, title, hint string) (string, *lexicon, langid.Result) {
	lang, lex, det := a.language(hint, text, title)
	if lex == nil {
		return lang, nil, det
	}
	a.tokenizeAll(s, text, title)
	if s.words == 0 && !hasEmoji(s) {
		return lang, nil, det
	}
	return lang, lex, det
}

func (a *Analyzer) tokenizeAll(s *scratch, text, title string) {
	a.tokenize(s, title)
	if title != "" {
		s.punct('.')
	}
	a.tokenize(s, text)
	s.grow()
}

func hasEmoji(s *scratch) bool {
	for i := range s.toks {
		if s.toks[i].kind == tokEmoji {
			return true
		}
	}
	return false
}

// capText keeps at most maxTextBytes of title and text together, cutting at
// a rune boundary.
func capText(text, title string) (string, string, bool) {
	if len(title) > maxTextBytes {
		title = cutRunes(title, maxTextBytes)
		return "", title, true
	}
	if room := maxTextBytes - len(title); len(text) > room {
		return cutRunes(text, room), title, true
	}
	return text, title, false
}

func cutRunes(s string, n int) string {
	for n > 0 && n < len(s) && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// language picks the language and its lexicon: the hint's primary subtag
// when given (and not "und"), else identification. Undetermined text (too short, only emoji) is scored with the
// English tables, whose emoji and emoticons are universal.
func (a *Analyzer) language(hint, text, title string) (string, *lexicon, langid.Result) {
	lang := primaryTag(hint)
	var det langid.Result
	if lang == "" || lang == "und" {
		probe := text
		if len(probe) < 20 && title != "" {
			probe = title
		}
		det = a.detector.Detect(probe)
		lang = det.Lang
	} else if !isLower(lang) {
		lang = strings.ToLower(lang)
	}
	if lex := a.langs[lang]; lex != nil {
		return lang, lex, det
	}
	if lang == "und" {
		return lang, a.langs["en"], det
	}
	return lang, nil, det
}

// primaryTag is the language of a BCP 47 tag: "en" for "en-US" or "en_GB".
func primaryTag(tag string) string {
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		return tag[:i]
	}
	return strings.TrimSpace(tag)
}

func isLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return false
		}
	}
	return true
}

// normScore maps an unbounded sum into (-1, 1) as VADER does.
func normScore(x float32) float32 {
	return x / float32(math.Sqrt(float64(x*x+normAlpha)))
}

func sign(x float32) float32 {
	if x < 0 {
		return -1
	}
	return 1
}
