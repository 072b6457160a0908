package config

import (
	"strings"
	"testing"
	"time"
)

// FuzzDuration checks parseDuration never panics, never returns a negative
// duration, and agrees with time.ParseDuration on inputs both accept.
func FuzzDuration(f *testing.F) {
	for _, s := range []string{"90s", "1h30m", "7d", "2w", "1.5h", "-5m", "0", "30", "1e9h", "9223372036854775807ns", "µs"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseDuration(s)
		if err != nil {
			return
		}
		if got < 0 {
			t.Fatalf("parseDuration(%q) = %v, want >= 0", s, got)
		}
		if strings.ContainsAny(s, "dw") {
			return // days and weeks are ours alone
		}
		want, werr := time.ParseDuration(strings.TrimSpace(s))
		// Sums of fractions round differently by a few ns; agree within 1µs.
		if werr == nil && (want-got > time.Microsecond || got-want > time.Microsecond) {
			t.Fatalf("parseDuration(%q) = %v, time.ParseDuration = %v", s, got, want)
		}
	})
}
