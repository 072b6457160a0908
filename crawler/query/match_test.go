package query_test

import (
	"slices"
	"sync"
	"testing"

	"github.com/earshot/earshot/crawler/query"
)

// matchCases pairs a query with texts it must and must not match.
var matchCases = []struct {
	name    string
	query   string
	match   []string
	noMatch []string
}{
	{"word boundaries", "acme",
		[]string{"I love Acme's new app", "#acme rocks", "thanks @ACME!", "(Acme)", "acme.com is down", "@acme_support help"},
		[]string{"acmeville is a town", "the acmes", "", "ac me"}},
	{"implicit and", "acme refund",
		[]string{"Acme refused my refund", "refund? never again, acme"},
		[]string{"acme is great", "refund please"}},
	{"or with and", `acme AND (refund OR "money back")`,
		[]string{"acme: where is my money, back off... no: MONEY-BACK now", "Acme refund"},
		[]string{"acme money and back", "refund from elsewhere"}},
	{"not and minus", `acme -jobs NOT "we are hiring"`,
		[]string{"acme broke my phone"},
		[]string{"Acme jobs in Penang", "Acme: we are hiring!", "We're hiring? acme — WE ARE HIRING"}},
	{"phrase across punctuation", `"acme bank"`,
		[]string{"ACME-Bank app crashed", "acme/bank", "Acme. Bank.", "acme\nbank"},
		[]string{"acme big bank", "bank acme", "acmebank"}},
	{"near within n words either order", "acme NEAR/2 refund",
		[]string{"acme refund", "refund from acme", "Acme, no refund", "acme won't refund"},
		[]string{"acme gave me a refund", "refund? I asked them twice, acme", "acme"}},
	{"near zero is adjacent", "acme NEAR/0 refund",
		[]string{"acme refund", "refund ACME"},
		[]string{"acme the refund", "acme"}},
	{"near with phrase and group", `"customer service" NEAR/3 (awful OR terrible)`,
		[]string{"Customer-service was truly awful", "terrible, the customer service"},
		[]string{"awful weather all day long, but customer service was good", "service customer awful"}},
	{"near sides never overlap", "acme NEAR/3 acme*",
		[]string{"acme and acmeville"},
		[]string{"acme"}},
	{"prefix", "acme*",
		[]string{"acmeville", "Acme's", "ACMEcorp"},
		[]string{"the acne", "xacme"}},
	{"prefix inside hyphenated term", "coca-co*",
		[]string{"Coca-Cola zero", "coca cola"},
		[]string{"coca", "cocacola"}},
	{"diacritics", `"café nero" OR skoda OR strasse OR lodz OR istanbul`,
		[]string{"CAFE NERO again", "Škoda service", "Straße", "Łódź store", "İSTANBUL branch", "cafe\u0301 nero"},
		[]string{"cafe", "skodas"}},
	{"diacritics in the query", "ärzte",
		[]string{"ARZTE", "Ärzte", "arzte"},
		[]string{"arzt"}},
	{"compatibility forms", "fiat",
		[]string{"ﬁat", "ＦＩＡＴ"},
		[]string{"fiats"}},
	{"armenian case and punctuation", "բիլայն",
		[]string{"ԲԻԼԱՅՆ-ը շատ վատ է", "Բիլայն։", "«Բիլայն»", "#Բիլայն"},
		[]string{"Բիլայնը վատ է", "բիլայնից"}},
	{"armenian suffixes need a prefix", "բիլայն* AND (վատ OR դանդաղ)",
		[]string{"Բիլայնը շատ վատ է", "ԲԻԼԱՅՆԻ ինտերնետը դանդաղ է"},
		[]string{"Բիլայնը լավ է"}},
	{"armenian marks inside words", "ինչու բիլայն",
		[]string{"Ինչո՞ւ Բիլայնը... ինչո՞ւ, Բիլայն"},
		[]string{"Ինչո Բիլայն"}},
	{"armenian ligature", `"բիլայն եւ ucom"`,
		[]string{"Բիլայն և Ucom"},
		[]string{"Բիլայն Ucom"}},
	{"malay", "maxis AND (teruk OR lembap)",
		[]string{"Perkhidmatan Maxis teruk, internet lembap sangat!", "MAXIS... lembap"},
		[]string{"Maxis laju hari ini", "Maxislah teruk"}},
	{"malay clitics need a prefix", "maxis* teruk",
		[]string{"Maxislah yang paling teruk", "kenapa maxis-maxis ni teruk"},
		[]string{"teruk"}},
	{"lowercase operators are words", "acme and",
		[]string{"acme and co"},
		[]string{"acme co"}},
}

func TestMatch(t *testing.T) {
	for _, tc := range matchCases {
		t.Run(tc.name, func(t *testing.T) {
			q, err := query.Parse(tc.query)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.query, err)
			}
			for _, text := range tc.match {
				if !q.Match(text) {
					t.Errorf("Parse(%q).Match(%q) = false, want true (words %q)", tc.query, text, query.Words(text))
				}
			}
			for _, text := range tc.noMatch {
				if q.Match(text) {
					t.Errorf("Parse(%q).Match(%q) = true, want false (words %q)", tc.query, text, query.Words(text))
				}
			}
		})
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Acme's #1 fan, @ACME_support!", []string{"acme", "s", "1", "fan", "acme", "support"}},
		{"Ärzte Straße ﬁx", []string{"arzte", "strasse", "fix"}},
		{"ԲԻԼԱՅՆ-ը ինչո՞ւ և", []string{"բիլայն", "ը", "ինչու", "եւ"}},
		{"soft\u00adhyphen zero\u200bwidth", []string{"softhyphen", "zerowidth"}},
		{"bad \xff byte", []string{"bad", "byte"}},
		{"", []string{}},
	}
	for _, tc := range tests {
		if got := query.Words(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Words(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMatcherBrands(t *testing.T) {
	brands := map[string]*query.Query{
		"acme":   mustParse(t, `acme -jobs`),
		"globex": mustParse(t, `globex OR "global exports"`),
		"maxis":  mustParse(t, `maxis*`),
		"broken": nil,
	}
	m := query.NewMatcher(brands)
	tests := []struct {
		text string
		want []string
	}{
		{"Acme vs Globex: acme wins", []string{"acme", "globex"}},
		{"Global-Exports and Maxislah", []string{"globex", "maxis"}},
		{"acme jobs at globex", []string{"globex"}},
		{"nothing here", nil},
	}
	for _, tc := range tests {
		if got := m.Brands(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("Brands(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestMatcherAgreesWithMatch checks the shared vocabulary gives each brand
// the same answer as its own query, over every case of TestMatch.
func TestMatcherAgreesWithMatch(t *testing.T) {
	brands := map[string]*query.Query{}
	var texts []string
	for _, tc := range matchCases {
		brands[tc.name] = mustParse(t, tc.query)
		texts = append(append(texts, tc.match...), tc.noMatch...)
	}
	m := query.NewMatcher(brands)
	for _, text := range texts {
		got := m.Brands(text)
		for name, q := range brands {
			if want := q.Match(text); slices.Contains(got, name) != want {
				t.Errorf("Brands(%q) has %q = %v, Match = %v", text, name, !want, want)
			}
		}
	}
}

func TestConcurrentMatch(t *testing.T) {
	q := mustParse(t, `acme NEAR/2 refund`)
	m := query.NewMatcher(map[string]*query.Query{"acme": q})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			text, want := "acme no refund", true
			if i%2 == 1 {
				text, want = "acme gave me no refund", false
			}
			for range 200 {
				if got := q.Match(text); got != want {
					t.Errorf("Match(%q) = %v, want %v", text, got, want)
					return
				}
				if got := len(m.Brands(text)) == 1; got != want {
					t.Errorf("Brands(%q) matched = %v, want %v", text, got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func mustParse(tb testing.TB, s string) *query.Query {
	tb.Helper()
	q, err := query.Parse(s)
	if err != nil {
		tb.Fatalf("Parse(%q): %v", s, err)
	}
	return q
}

func TestPhrase(t *testing.T) {
	tests := []struct {
		name    string
		match   []string
		noMatch []string
	}{
		{"AND Co", []string{"and co. did it", "AND-CO"}, []string{"co and"}},
		{`"Quotes" Inc (Ltd)`, []string{"quotes inc ltd"}, []string{"quotes ltd"}},
		{"Ärzte ohne Grenzen", []string{"ARZTE OHNE GRENZEN"}, []string{"arzte"}},
	}
	for _, tc := range tests {
		q, err := query.Phrase(tc.name)
		if err != nil {
			t.Fatalf("Phrase(%q): %v", tc.name, err)
		}
		for _, text := range tc.match {
			if !q.Match(text) {
				t.Errorf("Phrase(%q).Match(%q) = false, want true", tc.name, text)
			}
		}
		for _, text := range tc.noMatch {
			if q.Match(text) {
				t.Errorf("Phrase(%q).Match(%q) = true, want false", tc.name, text)
			}
		}
	}
	if _, err := query.Phrase("!!!"); err == nil {
		t.Errorf("Phrase(%q) = nil error, want one: nothing to match", "!!!")
	}
}
