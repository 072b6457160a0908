package crawler

import (
	"math"
	"strconv"
	"strings"
)

// reviewTypes are the schema.org types whose objects are reviews.
var reviewTypes = []string{"Review", "UserReview", "CriticReview", "EmployerReview"}

func isReview(m map[string]any) bool {
	for _, t := range reviewTypes {
		if hasType(m, t) {
			return true
		}
	}
	return false
}

// hasType reports whether an object's @type (or microdata itemtype) is want,
// written bare, as schema:X or as a schema.org URL.
func hasType(m map[string]any, want string) bool {
	switch t := m["@type"].(type) {
	case string:
		return typeName(t) == want
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok && typeName(s) == want {
				return true
			}
		}
	}
	return false
}

// typeName strips the vocabulary from a type: "http://schema.org/Review" -> "Review".
func typeName(t string) string {
	t = strings.TrimSpace(t)
	if i := strings.LastIndexAny(t, "/:#"); i >= 0 {
		t = t[i+1:]
	}
	return t
}

// toReview reads one Review object.
func toReview(m, parent map[string]any) review {
	r := review{
		ID:     firstNonEmpty(str(m["@id"]), str(m["url"])),
		Title:  cleanLine(firstNonEmpty(str(m["name"]), str(m["headline"]))),
		Body:   CleanText(firstNonEmpty(str(m["reviewBody"]), str(m["description"]), str(m["text"]))),
		Author: cleanLine(personName(m["author"])),
		Date:   strings.TrimSpace(firstNonEmpty(str(m["datePublished"]), str(m["dateCreated"]), str(m["dateModified"]))),
		Item:   cleanLine(itemName(m["itemReviewed"], parent)),
	}
	r.Rating, r.RawScale = rating(m["reviewRating"])
	return r
}

// toAggregate reads one AggregateRating object.
func toAggregate(m, parent map[string]any) aggregate {
	a := aggregate{Item: cleanLine(itemName(m["itemReviewed"], parent))}
	a.Rating, _ = rating(m)
	n, ok := number(strings.ReplaceAll(firstNonEmpty(str(m["reviewCount"]), str(m["ratingCount"])), ",", ""))
	if ok && n >= 0 && n < math.MaxInt32 {
		a.Count = int(n)
	}
	return a
}

// itemName names the reviewed thing: itemReviewed (object or string), else
// the object that holds the review, unless that is itself a review.
func itemName(v any, parent map[string]any) string {
	if v != nil {
		if m, ok := v.(map[string]any); ok {
			return str(m["name"])
		}
		return str(v)
	}
	if parent != nil && !isReview(parent) {
		return str(parent["name"])
	}
	return ""
}

// personName reads an author given as a string, a Person/Organization or a list.
func personName(v any) string {
	switch t := v.(type) {
	case map[string]any:
		return firstNonEmpty(str(t["name"]), str(t["alternateName"]), str(t["givenName"]))
	case []any:
		names := make([]string, 0, len(t))
		for _, e := range t {
			if n := strings.TrimSpace(personName(e)); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return str(v)
}

// rating reads a Rating object (or a bare number, which is on the 5 scale)
// and normalises it: worst maps to 0 or 1 star (0 when the scale starts at or
// below 0), best to 5, linear in between, clamped to 0..5. Defaults: best 5,
// worst 1, as schema.org says.
func rating(v any) (*float64, string) {
	m, ok := v.(map[string]any)
	if !ok {
		m = map[string]any{"ratingValue": v}
	}
	val, ok := number(str(m["ratingValue"]))
	if !ok {
		return nil, ""
	}
	best, okB := number(str(m["bestRating"]))
	worst, okW := number(str(m["worstRating"]))
	if !okB {
		best = 5
	}
	if !okW {
		worst = min(1, val, best-1)
	}
	if best <= worst {
		return nil, ""
	}
	lo := 1.0
	if worst <= 0 {
		lo = 0
	}
	r := lo + (val-worst)*(5-lo)/(best-worst)
	r = math.Round(math.Max(0, math.Min(5, r))*100) / 100
	return &r, strconv.FormatFloat(val, 'g', -1, 64) + "/" + strconv.FormatFloat(best, 'g', -1, 64)
}

// number reads the first decimal number in s ("4,5", "4.5 out of 5", "★ 4").
func number(s string) (float64, bool) {
	start := strings.IndexAny(s, "0123456789")
	if start < 0 {
		return 0, false
	}
	if start > 0 && s[start-1] == '-' {
		start--
	}
	end := start + 1
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || s[end] == '.' || s[end] == ',') {
		end++
	}
	f, err := strconv.ParseFloat(strings.TrimRight(strings.ReplaceAll(s[start:end], ",", "."), "."), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// str reads a JSON-LD scalar: a string, a number, an {"@value": ...} or the
// first element of a list.
func str(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(t)
	case map[string]any:
		return str(t["@value"])
	case []any:
		if len(t) > 0 {
			return str(t[0])
		}
	}
	return ""
}
