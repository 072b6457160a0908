package store_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/store"
)

// MustOpen opens a fresh store in a test directory and closes it at cleanup.
func MustOpen(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), "earshot.db"), store.Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return db
}

type review struct {
	ID    string      `json:"id"`
	Text  string      `json:"text"`
	Label model.Label `json:"label"`
}

// loadReviews reads the labelled review sentences in testdata.
func loadReviews(tb testing.TB) []review {
	tb.Helper()
	var out []review
	for _, name := range []string{"reviews-yelp.jsonl", "reviews-amazon.jsonl"} {
		f, err := os.Open(filepath.Join("testdata", name))
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var r review
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				tb.Fatalf("%s: %v", name, err)
			}
			out = append(out, r)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			tb.Fatal(err)
		}
	}
	return out
}

var base = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // a Monday

// gen builds realistic mentions from the review sentences: texts of about
// textLen bytes, one or two brands, scored analyses with two aspects, published
// `every` apart from start.
type gen struct {
	reviews []review
	next    int
}

var (
	genBrands  = []string{"acme", "globex", "initech"}
	genSources = []string{"reddit", "hackernews", "mastodon", "trustpilot"}
	genAspects = []string{"delivery", "price", "staff", "quality", "support"}
)

func (g *gen) mention(i int, at time.Time, textLen int) model.Mention {
	r := g.reviews[i%len(g.reviews)]
	var text strings.Builder
	text.Grow(textLen + 120)
	// A review number first, as review sites print it: texts never repeat
	// (a repeat would be merged as syndication), whatever the sentence pool.
	fmt.Fprintf(&text, "Review %d:", i)
	for k := uint64(1); text.Len() < textLen-40; k++ {
		if text.Len() > 0 {
			text.WriteByte(' ')
		}
		// a different mix of sentences for every i, so texts do not repeat
		j := (uint64(i)*0x9e3779b97f4a7c15 ^ k*0xbf58476d1ce4e5b9) >> 17
		text.WriteString(g.reviews[j%uint64(len(g.reviews))].Text)
	}
	brands := []string{genBrands[i%3]}
	if i%2 == 0 {
		brands = append(brands, genBrands[(i+1)%3])
	}
	score := map[model.Label]float64{model.Positive: 0.6, model.Negative: -0.55, model.Neutral: 0}[r.Label]
	source := genSources[i%len(genSources)]
	m := model.Mention{
		ID: sourceID(source, i), Source: source, Brands: brands,
		URL:    fmt.Sprintf("https://www.%s.example/r/reviews/comments/%d/", source, i),
		Author: fmt.Sprintf("user%d", i%977), Text: text.String(), Lang: "en",
		PublishedAt: at, FetchedAt: at.Add(3 * time.Minute),
		Analysis: &model.Analysis{
			Version: "earshot-sentiment/1", Lang: "en", Scored: i%10 != 9, Score: score, Label: r.Label,
			Confidence: 0.8, Complaint: r.Label == model.Negative && i%3 == 0, Urgency: i % 4,
			Aspects: []model.AspectScore{
				{Aspect: genAspects[i%5], Score: score},
				{Aspect: genAspects[(i+2)%5], Score: -score / 2},
			},
			Explain: []model.Contribution{
				{Token: "loved", Rule: "lexicon", Weight: 0.4},
				{Token: "not", Rule: "negation", Weight: -0.2},
				{Token: "waited", Rule: "complaint:waiting", Weight: -0.1},
			},
		},
	}
	if i%4 == 0 {
		m.Title = "Has anyone else had this experience with their order?"
	}
	return m
}

// sourceID makes ids shaped like the crawler's (source type, native id).
// Native ids are shaped like each site's: Reddit's base-36 and Hacker News'
// counters and Mastodon's snowflakes grow with time, and so do review-site
// ids such as Trustpilot's, 24-hex MongoDB ObjectIds that begin with their
// creation time in seconds (the rest looks random). A growing i stands for a
// later time, as in the fixture. randomID is the other shape.
func sourceID(source string, i int) string {
	switch source {
	case "reddit":
		return "reddit:t1_" + strconv.FormatInt(int64(i)*7919+1e9, 36)
	case "hackernews":
		return "hackernews:" + strconv.Itoa(41000000+i)
	case "mastodon":
		return "mastodon:" + strconv.Itoa(113000000000000000+i*7)
	}
	return fmt.Sprintf("%s:%08x%016x", source, 1_600_000_000+i*5, uint64(i)*0x9e3779b97f4a7c15)
}

// randomID is an id with no order at all, as a UUID column of an import
// gives: each one lands on a random page of the ids index.
func randomID(i int) string {
	h := uint64(i+1) * 0x9e3779b97f4a7c15
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	return fmt.Sprintf("import:%016x-%016x", h, h*0x94d049bb133111eb)
}

// mentions returns n mentions starting at start, every step apart.
func (g *gen) mentions(n int, start time.Time, step time.Duration, textLen int) []model.Mention {
	out := make([]model.Mention, n)
	for i := range out {
		out[i] = g.mention(g.next, start.Add(time.Duration(i)*step), textLen)
		g.next++
	}
	return out
}

func mustPut(tb testing.TB, db *store.DB, ms []model.Mention) store.PutResult {
	tb.Helper()
	res, err := db.PutMentions(ms)
	if err != nil {
		tb.Fatalf("PutMentions: %v", err)
	}
	return res
}

// withoutExplain is a as the store returns it: Explain is not stored.
func withoutExplain(a *model.Analysis) *model.Analysis {
	if a == nil {
		return nil
	}
	c := *a
	c.Explain = nil
	return &c
}
