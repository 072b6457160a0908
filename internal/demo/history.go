package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
	"github.com/earshot/earshot/store"
)

// historyTexts are what simulated customers said before the demo's storm: mostly
// content, sometimes not, in English and Malay.
func historyTexts() []struct{ brand, text string } {
	return []struct{ brand, text string }{
		{"Northwind", "Picked up my order at the Northwind store, quick and friendly."},
		{"Northwind", "Northwind delivery came a day early, nicely packed."},
		{"Northwind", "The Northwind trail jacket fits well and keeps the rain out."},
		{"Northwind", "Northwind had the boots in my size, fair price."},
		{"Northwind", "Used the Northwind app to reorder, took a minute."},
		{"Northwind", "Beli jaket Northwind, kualiti bagus dan harga berpatutan."},
		{"Northwind", "Staf Northwind sangat membantu semasa saya tukar saiz."},
		{"Northwind", "Northwind parcel was late and nobody answered the chat."},
		{"Northwind", "Returned a shirt to Northwind, refund took ages."},
		{"Northwind", "Northwind opens a new store in Penang next month."},
		{"Globex", "Globex customer service sorted my issue in five minutes."},
		{"Globex", "Globex prices went up again, not impressed."},
		{"Globex", "Kedai Globex baru dibuka, ramai orang."},
		{"Globex", "Ordered from Globex, arrived on time."},
	}
}

// seedHistory stores `days` of simulated mentions before now: a daily rhythm
// (quiet nights, busy evenings) around a few mentions an hour, so the rules
// have a baseline to compare the storm with.
func seedHistory(db *store.DB, an *sentiment.Analyzer, now time.Time, days int) (int, error) {
	texts := historyTexts()
	rng := rand.New(rand.NewPCG(2026, 11))
	start := now.Truncate(time.Hour).Add(-time.Duration(days) * 24 * time.Hour)
	var batch []model.Mention
	n := 0
	for h := start; h.Before(now.Truncate(time.Hour).Add(-2 * time.Hour)); h = h.Add(time.Hour) {
		rate := 2.5 + 2*math.Sin(float64(h.Hour()-9)/24*2*math.Pi)
		for k := poisson(rng, rate); k > 0; k-- {
			t := texts[rng.IntN(len(texts))]
			m := model.Mention{
				ID: fmt.Sprintf("history:%d", n), Source: "history (simulated)", Brands: []string{t.brand}, Text: t.text,
				PublishedAt: h.Add(time.Duration(rng.IntN(3600)) * time.Second), FetchedAt: now,
			}
			a := new(model.Analysis)
			an.AnalyzeInto(sentiment.Input{Text: m.Text}, a)
			m.Analysis, m.Lang = a, a.Lang
			batch = append(batch, m)
			n++
		}
	}
	_, err := db.PutMentions(batch)
	return n, err
}

// poisson draws from a Poisson distribution with mean lambda (Knuth's method;
// lambda is small here).
func poisson(rng *rand.Rand, lambda float64) int {
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}
