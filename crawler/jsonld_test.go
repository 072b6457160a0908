package crawler

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// fmtRating prints a rating for comparisons ("-" when absent).
func fmtRating(r *float64) string {
	if r == nil {
		return "-"
	}
	return fmt.Sprintf("%.2f", *r)
}

// checkReviews compares extracted reviews field by field.
func checkReviews(t *testing.T, got, want []review) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d reviews, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.ID != w.ID || g.Title != w.Title || g.Body != w.Body || g.Author != w.Author || g.Date != w.Date || g.Item != w.Item || fmtRating(g.Rating) != fmtRating(w.Rating) {
			t.Errorf("review %d =\n  %q %q %q %q %q %q %s\nwant\n  %q %q %q %q %q %q %s", i,
				g.ID, g.Title, g.Body, g.Author, g.Date, g.Item, fmtRating(g.Rating),
				w.ID, w.Title, w.Body, w.Author, w.Date, w.Item, fmtRating(w.Rating))
		}
	}
}

func ptr(f float64) *float64 { return &f }

func TestExtractJSONLDEdgeCases(t *testing.T) {
	scan := scanPage(readTestdata(t, "schemaorg/reviews-jsonld-edge.html"))
	x := extractJSONLD(scan.Scripts)
	checkReviews(t, x.Reviews, []review{
		{ID: "https://gadgets.example/reviews/9001#review", Body: "Phone screen replaced in 40 minutes & fair price.", Author: "Nur Aina",
			Date: "2026-10-12", Item: "Fix-It Repair Café", Rating: ptr(4.11)}, // 8 on 1..10
		{Title: "Battery is great", Body: "Two days on a single charge.", Author: "Kim, Lee", Date: "2026-10-10T08:00:00+08:00",
			Item: "AcmePhone X", Rating: ptr(4.5)}, // "4,5", default scale 1..5
		{Body: "Clear, practical, dated in places.", Author: "Tech Weekly", Date: "October 2026", Item: "Go in Action", Rating: ptr(0)}, // 0 on 0..100
		{Author: "Silent Sam", Rating: ptr(5)},
	})
	if len(x.Warnings) != 1 || !strings.Contains(x.Warnings[0], "JSON-LD block 3 is not valid JSON") {
		t.Errorf("warnings = %q, want one about block 3", x.Warnings)
	}
	if scan.Next != "/gadgets?page=2" {
		t.Errorf("next = %q, want /gadgets?page=2", scan.Next)
	}
}

func TestRatingNormalisation(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{map[string]any{"ratingValue": "4"}, "4.00"},
		{map[string]any{"ratingValue": 1.0}, "1.00"},
		{map[string]any{"ratingValue": "0"}, "0.00"},
		{map[string]any{"ratingValue": "7", "bestRating": "10", "worstRating": "1"}, "3.67"},
		{map[string]any{"ratingValue": "10", "bestRating": "10"}, "5.00"},
		{map[string]any{"ratingValue": "85", "bestRating": "100", "worstRating": "0"}, "4.25"},
		{map[string]any{"ratingValue": "1", "bestRating": "2", "worstRating": "-2"}, "3.75"},
		{map[string]any{"ratingValue": "9", "bestRating": "5"}, "5.00"},
		{map[string]any{"ratingValue": "3", "bestRating": "1", "worstRating": "5"}, "-"},
		{map[string]any{"ratingValue": "n/a"}, "-"},
		{map[string]any{"ratingValue": map[string]any{"@value": "3.5"}}, "3.50"},
		{"4.5", "4.50"},
		{nil, "-"},
	}
	for _, tt := range tests {
		if got, _ := rating(tt.in); fmtRating(got) != tt.want {
			t.Errorf("rating(%v) = %s, want %s", tt.in, fmtRating(got), tt.want)
		}
	}
}

// expectedReviews walks extruct's expected JSON-LD output for Review objects.
func expectedReviews(v any, out *[]map[string]any) {
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			expectedReviews(e, out)
		}
	case map[string]any:
		if t["@type"] == "Review" {
			*out = append(*out, t)
		}
		for _, e := range t {
			expectedReviews(e, out)
		}
	}
}

func TestExtractJSONLDSongkick(t *testing.T) {
	var expected any
	if err := json.Unmarshal(readTestdata(t, "schemaorg/songkick-years-and-years.jsonld"), &expected); err != nil {
		t.Fatal(err)
	}
	var want []map[string]any
	expectedReviews(expected, &want)
	x := extractJSONLD(scanPage(readTestdata(t, "schemaorg/songkick-years-and-years.html")).Scripts)
	if len(want) != 1 || len(x.Reviews) != len(want) {
		t.Fatalf("got %d reviews, extruct expects %d (want 1)", len(x.Reviews), len(want))
	}
	g := x.Reviews[0]
	if g.Body != CleanText(want[0]["reviewBody"].(string)) || g.Author != want[0]["author"] || g.Item != "Years & Years" || g.Rating != nil {
		t.Errorf("review = %q by %q on %q rating %s; want extruct's body by %q on Years & Years, no rating", g.Body[:min(60, len(g.Body))], g.Author, g.Item, fmtRating(g.Rating), want[0]["author"])
	}
	if len(x.Warnings) != 0 {
		t.Errorf("warnings = %q, want none", x.Warnings)
	}
}

func TestExtractMicrodataExtruct(t *testing.T) {
	tests := []struct {
		page, expected string
	}{
		{"product.html", "product.json"},
		{"product_microdata.html", "product.json"},
		{"microdata-with-description.html", "microdata-with-description.json"},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			var items []struct {
				Properties struct {
					Name            string `json:"name"`
					AggregateRating *struct {
						Properties struct{ RatingValue, ReviewCount string }
					} `json:"aggregateRating"`
				}
			}
			if err := json.Unmarshal(readTestdata(t, "schemaorg/"+tt.expected), &items); err != nil {
				t.Fatal(err)
			}
			x := extractMicrodata(readTestdata(t, "schemaorg/"+tt.page))
			var want []aggregate
			for _, it := range items {
				if ar := it.Properties.AggregateRating; ar != nil {
					v, _ := number(ar.Properties.RatingValue)
					n, _ := number(ar.Properties.ReviewCount)
					want = append(want, aggregate{Item: it.Properties.Name, Rating: &v, Count: int(n)})
				}
			}
			if len(x.Reviews) != 0 || len(x.Aggregates) != len(want) {
				t.Fatalf("got %d reviews and %d aggregates, want 0 and %d", len(x.Reviews), len(x.Aggregates), len(want))
			}
			for i, w := range want {
				g := x.Aggregates[i]
				if g.Item != w.Item || fmtRating(g.Rating) != fmtRating(w.Rating) || g.Count != w.Count {
					t.Errorf("aggregate %d = %q %s %d, want %q %s %d", i, g.Item, fmtRating(g.Rating), g.Count, w.Item, fmtRating(w.Rating), w.Count)
				}
			}
		})
	}
}

func TestExtractMicrodataReviews(t *testing.T) {
	x := extractMicrodata(readTestdata(t, "schemaorg/reviews-microdata.html"))
	checkReviews(t, x.Reviews, []review{
		{Title: "Not a happy camper", Body: "The anvil arrived cracked.\nSupport never answered my emails.", Author: "Ellie", Date: "2026-04-01",
			Item: "Executive Anvil", Rating: ptr(1)},
		{Title: "Value purchase", Body: "Great microwave for the price. It is small and fits in my apartment.", Author: "Lucas", Date: "2026-03-25",
			Item: "Executive Anvil", Rating: ptr(4)},
	})
	if len(x.Aggregates) != 1 || fmtRating(x.Aggregates[0].Rating) != "3.50" || x.Aggregates[0].Count != 2 {
		t.Errorf("aggregates = %+v, want one 3.5 from 2 reviews", x.Aggregates)
	}
}

func TestExtractJSONLDHotelPage(t *testing.T) {
	x := extractJSONLD(scanPage(readTestdata(t, "pages/hotel-reviews.html")).Scripts)
	if len(x.Reviews) != 20 || len(x.Aggregates) != 1 || x.Aggregates[0].Count != 1284 {
		t.Fatalf("got %d reviews and aggregates %+v; want 20 and one with 1284 reviews", len(x.Reviews), x.Aggregates)
	}
	checkReviews(t, x.Reviews[:1], []review{{ID: "https://harbourview.example/reviews/101", Title: "Perfect weekend",
		Body:   "The room looked straight over the harbour and the bed was huge. Breakfast had fresh pastries every morning.\nStaff upgraded us for our anniversary without being asked.",
		Author: "Maria Lopes", Date: "2026-11-04T18:30:00Z", Item: "Harbour View Hotel", Rating: ptr(5)}})
}

// fuzzSeeds returns the pages under testdata for fuzz corpora.
func fuzzSeeds(f *testing.F) {
	for _, pat := range []string{"testdata/schemaorg/*.html", "testdata/pages/*.html"} {
		files, _ := filepath.Glob(pat)
		for _, p := range files {
			f.Add(readTestdata(f, strings.TrimPrefix(p, "testdata/")))
		}
	}
	f.Add([]byte(`<script type="application/ld+json">{"@type":"Review","reviewRating":{"ratingValue":"1e308","bestRating":"-1e308"}}</script>`))
	f.Add([]byte(`<div itemscope itemtype="Review"><span itemprop="reviewRating" itemscope><b itemprop="ratingValue">9</b></span></div>`))
}

func checkExtraction(t *testing.T, x extraction) {
	for _, r := range x.Reviews {
		if r.Rating != nil && (*r.Rating < 0 || *r.Rating > 5) {
			t.Fatalf("rating %v outside 0..5", *r.Rating)
		}
		if strings.Contains(r.Author, "\n") || strings.Contains(r.Title, "\n") {
			t.Fatalf("multi-line author or title: %+v", r)
		}
	}
}

func FuzzExtractJSONLD(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, page []byte) {
		checkExtraction(t, extractJSONLD(scanPage(page).Scripts))
	})
}

func FuzzExtractMicrodata(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, page []byte) {
		checkExtraction(t, extractMicrodata(page))
	})
}
