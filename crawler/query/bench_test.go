package query_test

import (
	"testing"

	"github.com/earshot/earshot/crawler/query"
)

// benchQueries are five realistic brand queries.
var benchQueries = map[string]string{
	"acme":    `acme -jobs -"we are hiring"`,
	"globex":  `globex OR "global exports" OR @globexcorp`,
	"maxis":   `maxis* AND (teruk OR lembap OR slow OR down)`,
	"beeline": `բիլայն* OR beeline`,
	"initech": `"customer service" NEAR/3 (initech OR "tps report*")`,
}

// benchTexts are tweet-length posts in English, Malay and Armenian.
var benchTexts = []string{
	"Three days without internet and @AcmeCorp support keeps closing my ticket. Acme's 'premium' plan is a joke #fail",
	"Perkhidmatan Maxis teruk betul hari ni, internet lembap sangat sejak pagi. Dah call 3 kali, takde siapa angkat!!",
	"Բիլայնի ինտերնետը երեկվանից չի աշխատում, ինչո՞ւ ոչ ոք չի պատասխանում։ Շատ վատ սպասարկում է",
	"Just switched from Globex to Initech and honestly the customer service was night and day. Highly recommend 👍",
	"Nothing to see here: a long post about the weather, coffee and a café in Łódź that has nothing to do with brands.",
}

func BenchmarkMatch(b *testing.B) {
	var qs []*query.Query
	for _, s := range benchQueries {
		qs = append(qs, mustParse(b, s))
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, text := range benchTexts {
			for _, q := range qs {
				q.Match(text)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(benchTexts)), "ns/text")
}

func BenchmarkMatcherBrands(b *testing.B) {
	brands := map[string]*query.Query{}
	for name, s := range benchQueries {
		brands[name] = mustParse(b, s)
	}
	m := query.NewMatcher(brands)
	b.ReportAllocs()
	for b.Loop() {
		for _, text := range benchTexts {
			m.Brands(text)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(benchTexts)), "ns/text")
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range benchQueries {
			if _, err := query.Parse(s); err != nil {
				b.Fatal(err)
			}
		}
	}
}
