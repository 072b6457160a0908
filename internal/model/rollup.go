package model

import "time"

// Bucket is one hour of one brand's mentions, aggregated when the mentions are
// stored (in the same transaction), so alerts and digests never rescan mentions.
// When Source is empty the bucket covers every source of the brand.
type Bucket struct {
	Brand  string    `json:"brand"`
	Source string    `json:"source,omitempty"`
	Hour   time.Time `json:"hour"` // UTC, truncated to the hour
	// Counts holds scored mentions by label, indexed by Label.Index().
	Counts     [3]int64               `json:"counts"`
	Unscored   int64                  `json:"unscored"`   // language could not be scored
	ScoreSum   float64                `json:"score_sum"`  // over scored mentions
	Complaints int64                  `json:"complaints"` // mentions flagged as complaints
	Aspects    map[string]AspectTally `json:"aspects,omitempty"`
}

// Total is every mention in the bucket, scored or not.
func (b *Bucket) Total() int64 { return b.Counts[0] + b.Counts[1] + b.Counts[2] + b.Unscored }

// Negative is the number of negative mentions in the bucket.
func (b *Bucket) Negative() int64 { return b.Counts[0] }

// AspectTally aggregates one aspect inside a bucket.
type AspectTally struct {
	Count    int64   `json:"count"`
	Negative int64   `json:"negative"`
	ScoreSum float64 `json:"score_sum"`
}
