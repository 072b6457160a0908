// Package sentiment owns earshot's text analysis: language, score, label,
// confidence, aspects, complaint and urgency flags, and an explanation of the
// words and rules behind each score.
//
// It is pure: text in, model.Analysis out. It does no I/O at run time: the
// lexicons (lexicons/<lang>/*.tsv) and the weights of the small linear model
// (model.bin) are embedded with go:embed and loaded once by New. It must not
// import crawler, store or alerts, nor read the earshot config: callers pass a
// plain Options.
//
// The hot path (AnalyzeInto) tokenizes by hand (no regexp, no prose), reuses
// pooled scratch buffers and the caller's slices, and allocates only when an
// explanation is asked for.
//
// Scoring has two layers. Rules on VADER's scale (lexicon, slang, elongation,
// phrases, negation scope and negating prefixes, boosters before and after
// the word, capitals, exclamation and question marks, contrast words, emoji,
// complaint patterns) give a rule score and a dozen tallies. A two-part
// logistic regression then labels the text: rule tallies plus hashed n-grams
// for languages it was trained on (en, ms, id), rule tallies alone for the
// others (hy). Weights come from `go run ./sentiment/internal/train` (see
// BENCHMARKS.md). A few clear rules settle a neutral model label: a strong
// complaint with a negative score is negative, and in a rules-only language
// a rule score past VADER's band decides. A text whose lexicon finds nothing
// and whose language langid was unsure of is scored with another lexicon of
// the same script that finds evidence ("produk miskin." read as English);
// so is a text langid gave, unsure, to a language without a lexicon
// ("Delicious food" read as Danish). Lang always stays langid's answer.
//
// Adding a language touches only files: create lexicons/<code>/ with
// valence.tsv and, as needed, modifiers.tsv, complaints.tsv, urgency.tsv,
// aspects.tsv, slang.tsv and SOURCE.md (formats in lexicons/README.md,
// parsed by lexicon.go and patterns.go; TestEveryLexiconFileLoads checks
// them). The language is scored as soon as langid returns its code; retrain
// if you have permissively licensed labelled text in it.
package sentiment
