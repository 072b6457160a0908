package crawler

import (
	"strings"
	"time"
)

// dateLayouts are the forms review pages commonly write dates in, tried in
// order when the config gives no layout.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
	"January 2, 2006",
	"Jan 2, 2006",
	"2 January 2006",
	"2 Jan 2006",
	"January 2006",
}

// parseDate reads a date with layout, or with the common forms; the result is
// UTC. Empty or unreadable input gives ok=false.
func parseDate(s, layout string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if layout != "" {
		t, err := time.Parse(layout, s)
		return t.UTC(), err == nil
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
