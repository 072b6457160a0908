package alerts

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"time"
)

// Detector names, as written in rules and stored in alerts.
const (
	NegativeVolume = "negative_volume"
	NegativeShare  = "negative_share"
	SourceHealth   = "source_health"
	// SourceFailing and SourceSilent are the detectors a source_health rule reports.
	SourceFailing = "source_failing"
	SourceSilent  = "source_silent"
)

// DetectorVersion is stored with every alert; it changes whenever a change to
// the detectors could change what they decide on the same inputs.
const DetectorVersion = "alerts/1"

// Rule is one alert rule, as plain values (internal/app converts config.Rule:
// the fields have the same names, durations become time.Duration).
type Rule struct {
	Name        string        `json:"name"`
	Detector    string        `json:"detector"` // negative_volume | negative_share | source_health
	Brands      []string      `json:"brands,omitempty"`
	By          string        `json:"by,omitempty"` // "" | aspect | source
	Window      time.Duration `json:"window"`       // rounded up to whole hours; default 1h
	Sensitivity string        `json:"sensitivity"`  // high (p < 0.01, most alerts) | medium (p < 0.001) | low (p < 0.0001, fewest)
	MinNegative int           `json:"min_negative"`
	MinTotal    int           `json:"min_total"`
	MinLift     float64       `json:"min_lift"`
	Cooldown    time.Duration `json:"cooldown"`               // 0: the default (60m); NoCooldown: none
	FailingRuns int           `json:"failing_runs,omitempty"` // source_health
	SilentFor   time.Duration `json:"silent_for,omitempty"`   // source_health; 0 disables
}

// DefaultRules returns the rules used when a config lists only brands:
// negative volume over one hour and over three, negative share for those
// brands, and source health.
//
// Why two volume windows: one hour sees a sharp storm within minutes, but a
// storm that runs at two or three times the usual level all afternoon is
// only mildly unusual in any one hour, and never fired. Replaying a real
// week of airline tweets (TestReplayOfARealWeek), the one-hour rule missed
// US Airways' and Southwest's day-long storms; with three hours both are
// caught, and the calm brand stays quiet.
func DefaultRules(brands []string) []Rule {
	var out []Rule
	for _, r := range []Rule{
		{Name: NegativeVolume, Detector: NegativeVolume},
		{Name: NegativeVolume + "_3h", Detector: NegativeVolume, Window: 3 * time.Hour},
		{Name: NegativeShare, Detector: NegativeShare},
		{Name: SourceHealth, Detector: SourceHealth},
	} {
		if r.Detector != SourceHealth {
			r.Brands = slices.Clone(brands)
		}
		out = append(out, r.withDefaults())
	}
	return out
}

// withDefaults fills zero fields with the documented defaults.
func (r Rule) withDefaults() Rule {
	if r.Name == "" {
		r.Name = r.Detector
	}
	if r.Window <= 0 {
		r.Window = time.Hour
	}
	r.Window = (r.Window + time.Hour - 1).Truncate(time.Hour)
	if r.Sensitivity == "" {
		r.Sensitivity = "medium"
	}
	if r.MinNegative == 0 {
		r.MinNegative = 5
	}
	if r.MinTotal == 0 {
		r.MinTotal = 10
	}
	if r.MinLift == 0 {
		r.MinLift = 1.5
	}
	if r.Cooldown == 0 {
		r.Cooldown = time.Hour
	}
	if r.FailingRuns == 0 {
		r.FailingRuns = 3
	}
	return r
}

// alpha is the p-value below which the rule fires.
func (r Rule) alpha() float64 {
	switch r.Sensitivity {
	case "high": // fires on the least evidence
		return 0.01
	case "low":
		return 0.0001
	}
	return 0.001
}

// NoCooldown as a Rule's Cooldown lets it fire again as soon as it resolved
// (a zero Cooldown takes the default).
const NoCooldown time.Duration = -1

func (r Rule) validate() error {
	switch {
	case r.Detector != NegativeVolume && r.Detector != NegativeShare && r.Detector != SourceHealth:
		return fmt.Errorf("%w: rule %q: detector %q: want negative_volume, negative_share or source_health", ErrBadRule, r.Name, r.Detector)
	case r.By != "" && r.By != "aspect" && r.By != "source":
		return fmt.Errorf("%w: rule %q: by %q: want aspect or source", ErrBadRule, r.Name, r.By)
	case r.Sensitivity != "low" && r.Sensitivity != "medium" && r.Sensitivity != "high":
		return fmt.Errorf("%w: rule %q: sensitivity %q: want low, medium or high", ErrBadRule, r.Name, r.Sensitivity)
	case !(r.MinLift > 0) || math.IsInf(r.MinLift, 0) || r.MinNegative < 0 || r.MinTotal < 0 || (r.Cooldown < 0 && r.Cooldown != NoCooldown):
		return fmt.Errorf("%w: rule %q: min_lift must be > 0, min counts >= 0, and cooldown >= 0 or NoCooldown", ErrBadRule, r.Name)
	}
	return nil
}

// hash identifies the rule's parameters, stored in Alert.ConfigHash so a
// replay can tell whether the rule that fired is the rule it is running.
func (r Rule) hash() string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\n%+v", DetectorVersion, r))
	return hex.EncodeToString(sum[:8])
}
