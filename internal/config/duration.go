package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Units a Duration accepts: Go's, plus days and weeks, which is how people
// write windows and cooldowns ("7d", "2w"). A day is always 24h here.
var durationUnits = map[string]time.Duration{
	"ns": time.Nanosecond,
	"us": time.Microsecond,
	"µs": time.Microsecond,
	"ms": time.Millisecond,
	"s":  time.Second,
	"m":  time.Minute,
	"h":  time.Hour,
	"d":  24 * time.Hour,
	"w":  7 * 24 * time.Hour,
}

// UnmarshalYAML accepts Go durations ("90s", "1h30m") plus "d" and "w"
// ("7d", "1w2d"), rejects negatives, and puts the line in its error.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: expected a duration like 90s, 15m, 2h or 7d, got a %s", n.Line, kindName(n))
	}
	v, err := parseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*d = Duration(v)
	return nil
}

// String prints the duration the way Go does ("1h0m0s"), so %v of a config is readable.
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalText writes the duration as text, so JSON dumps of a config read well.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// parseDuration parses a sequence of number+unit pairs. Its errors are written
// for a person editing the file and never need the field path (the caller adds it).
func parseDuration(s string) (time.Duration, error) {
	orig := s
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "-") {
		return 0, fmt.Errorf("duration %q is negative: durations must be zero or more", orig)
	}
	s = strings.TrimPrefix(s, "+")
	if s == "0" {
		return 0, nil
	}
	if s == "" {
		return 0, fmt.Errorf("empty duration: write one like 90s, 15m, 2h or 7d")
	}
	var total float64
	for s != "" {
		num, unit, rest, err := durationPart(s)
		if err != nil {
			return 0, fmt.Errorf("invalid duration %q: %w (write one like 90s, 15m, 2h, 7d or 1w)", orig, err)
		}
		total += num * float64(durationUnits[unit])
		s = rest
	}
	if total >= math.MaxInt64 {
		return 0, fmt.Errorf("duration %q is too long", orig)
	}
	return time.Duration(total), nil
}

// durationPart splits one number+unit pair off the front of s.
func durationPart(s string) (num float64, unit, rest string, err error) {
	i := 0
	for i < len(s) && (s[i] == '.' || (s[i] >= '0' && s[i] <= '9')) {
		i++
	}
	if i == 0 {
		return 0, "", "", fmt.Errorf("expected a number at %q", s)
	}
	num, err = strconv.ParseFloat(s[:i], 64)
	if err != nil {
		return 0, "", "", fmt.Errorf("bad number %q", s[:i])
	}
	j := i
	for j < len(s) && (s[j] < '0' || s[j] > '9') && s[j] != '.' {
		j++
	}
	unit = s[i:j]
	if unit == "" {
		return 0, "", "", fmt.Errorf("missing unit after %s", s[:i])
	}
	if _, ok := durationUnits[unit]; !ok {
		return 0, "", "", fmt.Errorf("unknown unit %q", unit)
	}
	return num, unit, s[j:], nil
}
