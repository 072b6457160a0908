package mentionio

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/earshot/earshot/internal/model"
)

// timeLayouts are the date forms accepted for published_at, most specific first.
var timeLayouts = [...]string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
}

func toMention(raw rawRow, opts ReadOptions) (model.Mention, error) {
	f := raw.fields
	fail := func(field string, err error) (model.Mention, error) {
		return model.Mention{}, &RowError{Line: raw.line, Field: field, Err: err}
	}
	m := model.Mention{
		ID:     strings.TrimSpace(f["id"]),
		Source: firstNonEmpty(strings.TrimSpace(f["source"]), opts.DefaultSource),
		URL:    strings.TrimSpace(f["url"]),
		Author: strings.TrimSpace(f["author"]),
		Title:  strings.TrimSpace(f["title"]),
		Text:   strings.TrimSpace(f["text"]),
		Lang:   strings.TrimSpace(f["lang"]),
		Brands: splitBrands(firstNonEmpty(f["brand"], f["brands"], opts.DefaultBrand)),
	}
	if m.Text == "" {
		return fail("text", ErrNoText)
	}
	at, err := parseTime(f["published_at"])
	if err != nil {
		return fail("published_at", err)
	}
	m.PublishedAt = at
	if m.Rating, err = parseRating(f["rating"], opts.RatingScale); err != nil {
		return fail("rating", err)
	}
	if m.ID == "" {
		m.ID = derivedID(m)
	}
	// What the store would refuse is this row's error, at its line, rather
	// than the failure of the batch it came in.
	if first, last := model.PublishedRange(); at.Before(first) || at.After(last) {
		return fail("published_at", fmt.Errorf("%w: %s is outside %d..%d", ErrBadTime, at.Format(time.RFC3339), first.Year(), last.Year()))
	}
	if len(m.ID) > model.MaxIDBytes {
		return fail("id", fmt.Errorf("%w: %d bytes, at most %d", ErrTooLong, len(m.ID), model.MaxIDBytes))
	}
	for _, name := range append([]string{m.Source}, m.Brands...) {
		if len(name) > model.MaxNameBytes {
			return fail("brand/source", fmt.Errorf("%w: a name of %d bytes, at most %d (a text column mapped as a name?)", ErrTooLong, len(name), model.MaxNameBytes))
		}
	}
	m.AlsoSeenIn = raw.alsoSeenIn
	if raw.analysis != nil {
		var a model.Analysis
		if err := json.Unmarshal(raw.analysis, &a); err != nil || a.Label.Index() < 0 {
			return fail("analysis", ErrBadAnalysis)
		}
		m.Analysis = &a
	}
	return m, nil
}

// derivedID gives rows without an id a stable one, so importing the same export
// twice is still idempotent.
func derivedID(m model.Mention) string {
	h := sha256.New()
	for _, s := range []string{m.Source, m.URL, m.Author, m.Text, m.PublishedAt.Format(time.RFC3339Nano)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return "import:" + hex.EncodeToString(h.Sum(nil)[:12])
}

func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, ErrNoTime
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		// A compact date-time (2026112310, 202611231000) is not Unix time.
		for _, layout := range []string{"2006010215", "200601021504", "20060102150405"} {
			if len(s) == len(layout) {
				if _, err := time.Parse(layout, s); err == nil {
					return time.Time{}, fmt.Errorf("%w: %q reads as a compact date-time; write it as RFC 3339 (2026-11-23T10:00:00Z)", ErrBadTime, s)
				}
			}
		}
		// Unix seconds (9-10 digits) or milliseconds (12-13) only: any other
		// number (20261123) is a date in some other form, not 1970.
		switch digits := len(strings.TrimPrefix(s, "-")); {
		case digits == 9 || digits == 10:
			return time.Unix(n, 0).UTC(), nil
		case digits == 12 || digits == 13:
			return time.UnixMilli(n).UTC(), nil
		}
		return time.Time{}, fmt.Errorf("%w: %q is a number but not Unix seconds or milliseconds (use RFC 3339 like 2026-01-31T14:05:00Z)", ErrBadTime, s)
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			// A zone abbreviation (EST) means whatever the importing machine
			// thinks (or UTC when it knows none): the same row would land at
			// different times, with different derived ids, on two machines.
			if name, _ := t.Zone(); strings.Contains(layout, "MST") && name != "UTC" && name != "GMT" && name != "UT" && name != "Z" {
				return time.Time{}, fmt.Errorf("%w: the zone %q in %q is ambiguous: write it as an offset like -0500, or in UTC", ErrBadTime, name, s)
			}
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%w: %q (use RFC 3339 like 2026-01-31T14:05:00Z, 2026-01-31, or Unix seconds)", ErrBadTime, s)
}

func parseRating(s string, scale float64) (*float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil, fmt.Errorf("%w: %q", ErrBadRating, s)
	}
	if v < 0 || v > scale {
		return nil, fmt.Errorf("%w: %v is not within 0..%v (set --rating-scale to the input's best rating)", ErrRatingRange, v, scale)
	}
	r := v
	if scale != 5 { // exact at the default scale: a stored rating round-trips
		r = v / scale * 5
	}
	return &r, nil
}

func splitBrands(s string) []string {
	var out []string
	for _, b := range strings.Split(s, ";") {
		if b = strings.TrimSpace(b); b != "" {
			out = append(out, b)
		}
	}
	return out
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
