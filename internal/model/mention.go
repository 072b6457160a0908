// Package model holds earshot's domain types: mentions, their analyses, rollups,
// crawl state and alerts. It imports only the standard library, so every other
// package can share these types without depending on each other.
package model

import (
	"math"
	"time"
)

// Mention is one public text about one or more brands: a review, a post, a comment.
type Mention struct {
	// ID is stable across crawls: derived from the source-native id (GUID,
	// status id) or the canonical URL, so re-fetching the same item is idempotent.
	ID string `json:"id"`
	// Source is the config name of the source that first delivered the mention.
	Source string `json:"source"`
	// AlsoSeenIn lists further sources that syndicated the same text.
	AlsoSeenIn []string `json:"also_seen_in,omitempty"`
	// Brands lists every brand whose query matched (or the source's fixed brand).
	Brands      []string  `json:"brands"`
	URL         string    `json:"url,omitempty"`
	Author      string    `json:"author,omitempty"`
	Title       string    `json:"title,omitempty"`
	Text        string    `json:"text"`
	Lang        string    `json:"lang,omitempty"`
	Rating      *float64  `json:"rating,omitempty"` // normalised to 0..5; nil when the item has none
	PublishedAt time.Time `json:"published_at"`
	FetchedAt   time.Time `json:"fetched_at"`
	// Analysis is nil until the mention has been scored.
	Analysis *Analysis `json:"analysis,omitempty"`
}

// HasBrand reports whether the mention is attributed to brand.
func (m *Mention) HasBrand(brand string) bool {
	for _, b := range m.Brands {
		if b == brand {
			return true
		}
	}
	return false
}

// Label is the coarse sentiment class of a text.
type Label string

// The three labels earshot assigns.
const (
	Positive Label = "positive"
	Neutral  Label = "neutral"
	Negative Label = "negative"
)

// Labels lists every label in a fixed order, for tables and rollups.
var Labels = [...]Label{Negative, Neutral, Positive}

// Index returns the label's position in Labels (0 negative, 1 neutral, 2 positive),
// or -1 for an unknown label.
func (l Label) Index() int {
	switch l {
	case Negative:
		return 0
	case Neutral:
		return 1
	case Positive:
		return 2
	}
	return -1
}

// Analysis is what the sentiment engine says about one text.
type Analysis struct {
	// Version identifies the engine and lexicons that produced it, so stored
	// analyses can be re-scored when it changes.
	Version string `json:"version"`
	Lang    string `json:"lang"`
	// Scored is false when the language cannot be scored: Score is then
	// meaningless and Label is Neutral by convention, never a verdict.
	Scored     bool          `json:"scored"`
	Score      float64       `json:"score"` // -1..1
	Label      Label         `json:"label"`
	Confidence float64       `json:"confidence"` // 0..1
	Aspects    []AspectScore `json:"aspects,omitempty"`
	Complaint  bool          `json:"complaint"`
	Urgency    int           `json:"urgency"` // 0 (none) .. 3 (act now)
	// RatingMismatch flags a text whose sentiment disagrees with its star rating.
	RatingMismatch bool           `json:"rating_mismatch,omitempty"`
	Explain        []Contribution `json:"explain,omitempty"`
}

// AspectScore is the sentiment of the clause(s) in which an aspect is mentioned.
type AspectScore struct {
	Aspect string  `json:"aspect"` // e.g. "delivery", "price", "staff"
	Score  float64 `json:"score"`
}

// Contribution is one token or rule that moved a score, and by how much.
type Contribution struct {
	Token  string  `json:"token,omitempty"` // the text that triggered it
	Rule   string  `json:"rule"`            // e.g. "lexicon", "negation", "intensifier", "complaint:waiting"
	Weight float64 `json:"weight"`
}

// Limits of a storable mention. The store refuses a mention outside them;
// importers check them first, so a bad row is reported at its line instead
// of failing the batch it came in.
const (
	MaxIDBytes   = 1024 // a mention id
	MaxNameBytes = 1024 // a brand or source name (index and rollup keys hold both)
)

// PublishedRange is the span of publish times the store keeps: from the Unix
// epoch (nothing on the public web is older) to the last time an int64 of
// nanoseconds holds, in 2262.
func PublishedRange() (first, last time.Time) {
	return time.Unix(0, 0).UTC(), time.Unix(0, math.MaxInt64).UTC()
}
