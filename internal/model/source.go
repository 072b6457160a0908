package model

import "time"

// SourceState is what earshot remembers about one configured source between
// runs: where to resume, how to revalidate, and whether it is healthy.
type SourceState struct {
	Source string `json:"source"`
	// Cursor is source-specific resume state (since_id, after, created_at_i, ...).
	Cursor       string    `json:"cursor,omitempty"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastRun      time.Time `json:"last_run"`
	LastSuccess  time.Time `json:"last_success"`
	LastError    string    `json:"last_error,omitempty"`
	LastErrorAt  time.Time `json:"last_error_at"`
	// ConsecutiveFailures resets to zero on the first successful run.
	ConsecutiveFailures int `json:"consecutive_failures"`
	// LastNewMention is when the source last delivered a mention not seen before.
	LastNewMention time.Time `json:"last_new_mention"`
	// Warnings are the first few things the last successful pass had to skip
	// or could not read (a selector matching nothing after a redesign, a
	// broken JSON-LD block): a pass can succeed and still need a look.
	Warnings []string `json:"warnings,omitempty"`
	// Ratings are the schema.org AggregateRatings (a product's or a place's
	// average over all its reviews) on the pages of the source's last pass
	// that found any.
	Ratings []ItemRating `json:"ratings,omitempty"`
}

// ItemRating is one reviewed item's average rating, as its page states it.
type ItemRating struct {
	Item   string    `json:"item"`
	Rating float64   `json:"rating"` // 0..5
	Count  int       `json:"count"`  // reviews (or ratings) it averages
	URL    string    `json:"url"`    // the page that said so
	SeenAt time.Time `json:"seen_at"`
}

// MaxStateRatings is how many item ratings SourceState keeps.
const MaxStateRatings = 20

// MaxStateWarnings is how many of a pass's warnings SourceState keeps.
const MaxStateWarnings = 5

// CrawlRun records one pass of one source, kept for status and for the alert
// completeness gate (a window whose sources failed is not trusted).
type CrawlRun struct {
	Source     string    `json:"source"`
	Started    time.Time `json:"started"`
	Finished   time.Time `json:"finished"`
	Fetched    int       `json:"fetched"`
	New        int       `json:"new"`
	Duplicates int       `json:"duplicates"`
	Err        string    `json:"err,omitempty"`
}
