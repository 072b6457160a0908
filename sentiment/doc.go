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
package sentiment
