package query_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/earshot/earshot/crawler/query"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		query string
		col   int
		msg   string // substring of the Msg
	}{
		{"acme AND (", 11, "unexpected end"},
		{"acme AND", 9, "unexpected end"},
		{"(acme OR globex", 16, "unexpected end"},
		{"acme)", 5, `unexpected ")"`},
		{"acme ()", 7, `unexpected ")"`},
		{`acme "bank`, 6, "unterminated phrase"},
		{"AND acme", 1, "unexpected AND"},
		{"acme OR OR globex", 9, "unexpected OR"},
		{"NOT acme", 1, "only excludes"},
		{"-acme OR -globex", 1, "only excludes"},
		{"acme NEAR refund", 6, `bad "NEAR"`},
		{"acme NEAR/x refund", 6, `bad "NEAR/x"`},
		{"acme NEAR/1001 refund", 6, `bad "NEAR/1001"`},
		{"(acme AND x) NEAR/2 refund", 2, "NEAR needs"},
		{"acme NEAR/2 refund NEAR/2 late", 20, "unexpected NEAR/2"},
		{"acme NEAR/2 -refund", 13, "NEAR needs"},
		{"ac*me", 1, "wildcard inside"},
		{"acme !!!", 6, "nothing to match"},
		{"acme - jobs", 6, "nothing to match"},
		{`acme ""`, 6, "nothing to match"},
		{"  ", 1, "empty query"},
		{"Բիլայն AND (", 13, "unexpected end"},
		{"Բիլայն «ok» )", 13, `unexpected ")"`},
		{strings.Repeat("(", 150) + "acme" + strings.Repeat(")", 150), 101, "nested too deeply"},
		{strings.Repeat("NOT ", 150) + "acme", 401, "nested too deeply"},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			q, err := query.Parse(tc.query)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want an error", tc.query, q)
			}
			var se *query.SyntaxError
			if !errors.As(err, &se) || !errors.Is(err, query.ErrSyntax) {
				t.Fatalf("Parse(%q) error %T %v, want a *SyntaxError wrapping ErrSyntax", tc.query, err, err)
			}
			if se.Column != tc.col || !strings.Contains(se.Msg, tc.msg) || se.Hint == "" {
				t.Errorf("Parse(%q) = %v, want column %d, message %q and a hint", tc.query, err, tc.col, tc.msg)
			}
		})
	}
}

func TestParseErrorMessage(t *testing.T) {
	_, err := query.Parse("acme AND (")
	want := `query "acme AND (": unexpected end at column 11: close the parenthesis`
	if err == nil || err.Error() != want {
		t.Errorf("Parse(%q) error = %v, want %s", "acme AND (", err, want)
	}
}

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Acme", "acme"},
		{"acme   and  Bank", "acme AND and AND bank"},
		{`Acme OR "Acme Bank" -jobs`, `acme OR ("acme bank" AND NOT jobs)`},
		{"(a OR b) (c OR d)", "(a OR b) AND (c OR d)"},
		{"a OR (b OR c)", "a OR b OR c"},
		{`Coca-Co* NEAR/3 (“bad taste” OR flat)`, `coca-co* NEAR/3 ("bad taste" OR flat)`},
		{"NOT (a OR b) c", "NOT (a OR b) AND c"},
		{"Ärzte’s", `"arzte s"`},
	}
	for _, tc := range tests {
		q := mustParse(t, tc.in)
		got := q.String()
		if got != tc.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tc.in, got, tc.want)
			continue
		}
		if again := mustParse(t, got).String(); again != got {
			t.Errorf("Parse(%q).String() = %q, not a fixed point of Parse", got, again)
		}
	}
}
