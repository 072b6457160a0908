package model

import "time"

// AlertKind says what an alert announces.
type AlertKind string

// Alert kinds.
const (
	AlertFiring   AlertKind = "firing"   // a metric is above its normal level
	AlertResolved AlertKind = "resolved" // it returned to normal
	AlertSource   AlertKind = "source"   // a source is failing or silent
	AlertTest     AlertKind = "test"     // `earshot alerts test`
)

// Alert is one decision of the alert rules, with everything needed to explain and
// replay it. Its ID is the idempotency key: the same rule, scope, window and
// severity always give the same ID, so evaluating twice never posts twice.
type Alert struct {
	ID              string    `json:"id"`
	Kind            AlertKind `json:"kind"`
	Rule            string    `json:"rule"`
	Brand           string    `json:"brand,omitempty"`
	Aspect          string    `json:"aspect,omitempty"`
	Source          string    `json:"source,omitempty"`
	Detector        string    `json:"detector"`
	DetectorVersion string    `json:"detector_version"`
	ConfigHash      string    `json:"config_hash"`
	Severity        int       `json:"severity"` // 1 (notice) .. 3 (critical)
	WindowStart     time.Time `json:"window_start"`
	WindowEnd       time.Time `json:"window_end"`
	Observed        float64   `json:"observed"`
	Expected        float64   `json:"expected"`
	Share           float64   `json:"share"`
	BaselineShare   float64   `json:"baseline_share"`
	PValue          float64   `json:"p_value"`
	// Incomplete marks a window in which some of the brand's sources failed.
	Incomplete bool           `json:"incomplete,omitempty"`
	Summary    string         `json:"summary"` // one plain-text line for logs and fallbacks
	TopTerms   []TermLift     `json:"top_terms,omitempty"`
	TopAspects []TermLift     `json:"top_aspects,omitempty"`
	TopSources []TermLift     `json:"top_sources,omitempty"`
	Examples   []AlertExample `json:"examples,omitempty"`
	// Inputs are the detector's inputs (series, parameters), enough to replay it.
	Inputs       []byte    `json:"inputs,omitempty"`
	DashboardURL string    `json:"dashboard_url,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	// Resolves names the firing alert that a resolved alert closes.
	Resolves string `json:"resolves,omitempty"`
	// FollowsUp names the still-firing alert of another rule about the same
	// brand and scope (one storm seen by two tests): notifiers that can
	// thread put this one in its thread rather than in the channel again.
	FollowsUp string `json:"follows_up,omitempty"`
	// StormOver is set on a resolved alert when no other rule is still
	// firing for its brand and scope: the whole storm is over, not only
	// this test's view of it.
	StormOver bool `json:"storm_over,omitempty"`
}

// TermLift is a term (or aspect, or source) with its count in the alert window
// and how much more frequent it is there than in the baseline.
type TermLift struct {
	Term  string  `json:"term"`
	Count int64   `json:"count"`
	Lift  float64 `json:"lift"`
}

// AlertExample is one mention quoted in an alert.
type AlertExample struct {
	MentionID string  `json:"mention_id"`
	URL       string  `json:"url,omitempty"`
	Source    string  `json:"source"`
	Text      string  `json:"text"`
	Score     float64 `json:"score"`
}

// NeverRetry is the NextAttempt of a delivery given up on: the outbox keeps
// it, with its LastError, for `earshot status` to show.
var NeverRetry = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// GivenUp reports whether d will not be retried.
func (d Delivery) GivenUp() bool { return d.SentAt.IsZero() && !d.NextAttempt.Before(NeverRetry) }

// Delivery is one alert waiting in (or gone from) the durable outbox for one
// channel. It is written before the alert is sent and marked after, so a
// restart resumes it and an alert is delivered once.
type Delivery struct {
	AlertID     string    `json:"alert_id"`
	Channel     string    `json:"channel"` // notifier name, e.g. "slack", "webhook"
	Attempts    int       `json:"attempts"`
	NextAttempt time.Time `json:"next_attempt"`
	LastError   string    `json:"last_error,omitempty"`
	SentAt      time.Time `json:"sent_at"` // zero while pending
	// Ref is what the channel returned (Slack channel+ts), for threads and updates.
	Ref string `json:"ref,omitempty"`
	// ThreadRef is the Ref of an earlier delivery this one replies to or updates.
	ThreadRef string `json:"thread_ref,omitempty"`
}

// AlertState is the memory of one rule for one scope (brand, aspect, source):
// whether it is firing, since when, at what severity, for cooldown and resolve.
type AlertState struct {
	Key         string    `json:"key"` // rule|brand|aspect|source
	Firing      bool      `json:"firing"`
	Severity    int       `json:"severity"`
	LastAlertID string    `json:"last_alert_id,omitempty"`
	LastFiredAt time.Time `json:"last_fired_at"`
	ResolvedAt  time.Time `json:"resolved_at"`
}
