package query_test

import (
	"testing"

	"github.com/earshot/earshot/crawler/query"
)

// FuzzParse checks that any string either fails with a SyntaxError or parses
// into a query whose canonical form is a fixed point that matches the same.
func FuzzParse(f *testing.F) {
	for _, tc := range matchCases {
		f.Add(tc.query)
	}
	for _, s := range []string{"acme AND (", `"acme`, "a NEAR/2 b NEAR/3 c", "-(-a)", "((((", "Բիլայն AND (", "a*b*", "NEAR/0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := query.Parse(s)
		if err != nil {
			if _, ok := err.(*query.SyntaxError); !ok {
				t.Fatalf("Parse(%q) error %T, want *SyntaxError", s, err)
			}
			return
		}
		canon := q.String()
		q2, err := query.Parse(canon)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its String %q does not parse: %v", s, canon, err)
		}
		if q2.String() != canon {
			t.Fatalf("String not stable: %q -> %q -> %q", s, canon, q2.String())
		}
		for _, text := range []string{s, canon, "acme refund", ""} {
			if q.Match(text) != q2.Match(text) {
				t.Fatalf("Parse(%q) and Parse(%q) disagree on %q", s, canon, text)
			}
		}
	})
}

// FuzzMatch checks that matching never panics and that a Matcher agrees with
// the query on its own.
func FuzzMatch(f *testing.F) {
	for _, tc := range matchCases {
		for _, text := range tc.match {
			f.Add(tc.query, text)
		}
	}
	f.Add("acme", "\xff\xfe acme \u0301")
	f.Fuzz(func(t *testing.T, qs, text string) {
		q, err := query.Parse(qs)
		if err != nil {
			return
		}
		got := q.Match(text)
		brands := query.NewMatcher(map[string]*query.Query{"b": q}).Brands(text)
		if got != (len(brands) == 1) {
			t.Fatalf("Parse(%q).Match(%q) = %v but Brands = %q", qs, text, got, brands)
		}
	})
}
