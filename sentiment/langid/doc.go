// Package langid identifies the language of short texts (posts, reviews,
// comments) for earshot's sentiment engine, which calls it on every mention.
//
// It owns the language tables embedded from data/ and the rules that read
// them: scripts used by one language (Armenian, Hangul, Thai, Greek,
// Georgian, Hebrew, kana) are decided by counting letters; Latin, Cyrillic,
// Arabic and Devanagari texts by frequent and discriminating words, marked
// letters and, when the words leave it open, character trigram profiles.
// Malay and Indonesian share their trigrams and most words; only the words
// that differ between the two standards tell them apart, and a text without
// any is called Malay.
//
// It must stay pure and cheap: no I/O, no logging, no state shared between
// calls beyond the read-only tables, no allocation in Detect, and at most the
// first few kilobytes of a text read. It does not normalise, translate or
// score text; that is the sentiment package's work.
package langid
