// Package query parses and evaluates brand queries: the boolean expressions in
// brands[].query that decide which mentions belong to which brand.
//
// Syntax, in order of precedence from loosest to tightest:
//
//	a OR b          either
//	a AND b, a b    both (adjacent terms are ANDed)
//	NOT a, -a       without
//	a NEAR/n b      both, at most n words between them, in either order
//	acme, "acme bank", acme*, (…)
//
// Operators are uppercase; a lowercase "and" is a word to look for. Matching
// is case- and diacritic-insensitive and works on Unicode words (letters,
// digits and combining marks), so "acme" finds "Acme's", "#acme" and "@ACME"
// but not "acmeville", in Latin, Armenian, Cyrillic or Greek text alike.
// Punctuation only separates words: the phrase "acme bank" finds "Acme-Bank".
// Words are whole: an Armenian article or case ending ("Բիլայնը") or a Malay
// clitic ("Maxislah") makes another word, so such queries use a prefix
// (բիլայն*, maxis*). Scripts written without spaces (Chinese, Japanese,
// Thai) are one word per run of letters and match only as whole runs.
//
// The package owns query syntax, text folding and matching. It must not do
// I/O, logging or language detection, and it keeps no mutable package state:
// a parsed *Query and a *Matcher are immutable and safe for concurrent use.
package query
