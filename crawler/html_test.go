package crawler

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
)

// hotelSelectors reads the hotel pages' visible markup.
func hotelSelectors() *config.Selectors {
	return &config.Selectors{Item: "article.review", Text: ".review-body", Title: ".review-title", Author: "a.author",
		Rating: ".stars", RatingAttr: "data-rating", Date: "time.posted", DateAttr: "datetime", Link: "a.permalink", Next: "a[rel=next]"}
}

func TestHTMLSource(t *testing.T) {
	srv := hotelSite(t)
	byText := hotelSelectors()
	byText.RatingAttr, byText.DateAttr, byText.DateLayout = "", "", "2 January 2006" // ★ count and "4 November 2026"
	tests := []struct {
		name      string
		sel       *config.Selectors
		maxPages  int
		wantN     int
		wantPages int
		published time.Time
	}{
		{"attributes, all pages", hotelSelectors(), 0, 25, 2, time.Date(2026, 11, 4, 18, 30, 0, 0, time.UTC)},
		{"attributes, max_pages 1", hotelSelectors(), 1, 20, 1, time.Date(2026, 11, 4, 18, 30, 0, 0, time.UTC)},
		{"star text and date layout", byText, 0, 25, 2, time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestSource(t, srv, config.Source{Name: "hotel", Type: "html", URL: srv.URL + "/reviews", Brand: "Harbour View", Selectors: tt.sel, MaxPages: tt.maxPages})
			b, err := s.Fetch(context.Background(), model.SourceState{})
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if len(b.Mentions) != tt.wantN || b.Pages != tt.wantPages || len(b.Warnings) != 0 {
				t.Fatalf("Fetch = %d mentions, %d pages, warnings %q; want %d, %d, none", len(b.Mentions), b.Pages, b.Warnings, tt.wantN, tt.wantPages)
			}
			checkMentions(t, b.Mentions[:1], []wantMention{{"html:" + srv.URL + "/reviews/101", "Perfect weekend",
				"The room looked straight over the harbour and the bed was huge. Breakfast had fresh pastries every morning.\nStaff upgraded us for our anniversary without being asked.",
				"Maria Lopes", srv.URL + "/reviews/101?utm_source=site&utm_medium=list", tt.published}})
			checkHotelRatings(t, b.Mentions)
			if m := b.Mentions[6]; m.Title != "Շատ լավ հյուրանոց" || m.Text != "Սենյակը մաքուր էր, անձնակազմը՝ շատ բարեհամբույր։" {
				t.Errorf("Armenian review = %q / %q", m.Title, m.Text)
			}
			if m := b.Mentions[8]; m.Text != "The heating didn't work for two nights & maintenance only came on day three." {
				t.Errorf("entity review text = %q", m.Text)
			}
		})
	}
}

func TestHTMLSourceSelectorMatchesNothing(t *testing.T) {
	srv := hotelSite(t)
	sel := hotelSelectors()
	sel.Item = "div.review-card"
	s := newTestSource(t, srv, config.Source{Name: "hotel", Type: "html", URL: srv.URL + "/reviews", Selectors: sel})
	b, err := s.Fetch(context.Background(), model.SourceState{})
	if err != nil || len(b.Mentions) != 0 || len(b.Warnings) != 2 || !strings.Contains(b.Warnings[0], `selectors.item "div.review-card" matched nothing`) {
		t.Errorf("Fetch = %d mentions, warnings %q, %v; want none and a warning per page naming the selector", len(b.Mentions), b.Warnings, err)
	}
}

func TestScaleRating(t *testing.T) {
	tests := []struct {
		raw   string
		scale float64
		want  string
	}{
		{"4", 5, "4.00"}, {"4.5 out of 5", 5, "4.50"}, {"8/10", 10, "4.00"}, {"★★★☆☆", 5, "3.00"},
		{"Rated 90%", 100, "4.50"}, {"12", 5, "5.00"}, {"", 5, "-"}, {"n/a", 5, "-"},
	}
	for _, tt := range tests {
		if got := scaleRating(tt.raw, tt.scale); fmtRating(got) != tt.want {
			t.Errorf("scaleRating(%q, %v) = %s, want %s", tt.raw, tt.scale, fmtRating(got), tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, layout string
		want       time.Time
		ok         bool
	}{
		{"2026-11-04T18:30:00+02:00", "", time.Date(2026, 11, 4, 16, 30, 0, 0, time.UTC), true},
		{"2026-11-04", "", time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC), true},
		{"November 4, 2026", "", time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC), true},
		{"04.11.2026", "02.01.2006", time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC), true},
		{"yesterday", "", time.Time{}, false},
		{"", "", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in, tt.layout)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q, %q) = %v, %v; want %v, %v", tt.in, tt.layout, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzExtractHTML(f *testing.F) {
	fuzzSeeds(f)
	src := config.Source{Name: "fz", Type: "html", URL: "https://example.com/r", Selectors: hotelSelectors()}
	s, err := New(src, testCrawl(), Options{})
	if err != nil {
		f.Fatal(err)
	}
	hs := s.(*htmlSource)
	f.Fuzz(func(t *testing.T, page []byte) {
		res := hs.page(&response{URL: "https://example.com/r", Status: 200, Header: map[string][]string{}, Body: page}, testNow)
		for _, it := range res.Items {
			m := it.Mention
			if m.Text == "" || m.ID == "" || (m.Rating != nil && (*m.Rating < 0 || *m.Rating > 5)) || strings.Contains(m.Author, "\n") {
				t.Fatalf("bad mention %+v", m)
			}
		}
	})
}

// A page cut off mid-review with a matching Content-Length parses without
// error: its last item must not be stored as half a review (under an id made
// from its content, for good). It is skipped with a warning; the whole page
// brings it later. The same holds for microdata on a jsonld source.
func TestCutOffPageSkipsItsLastItem(t *testing.T) {
	hotel := readTestdata(t, "pages/hotel-reviews.html")
	hotelCut := hotel[:bytes.Index(hotel, []byte(`<time class="posted" datetime="2026-10-14`))]
	micro := readTestdata(t, "schemaorg/reviews-microdata.html")
	microCut := micro[:bytes.Index(micro, []byte(`<time itemprop="datePublished" datetime="2026-03-25"`))]
	srv, _ := serveFiles(t, map[string]served{
		"/cut":      {contentType: "text/html", body: hotelCut},
		"/whole":    {contentType: "text/html", body: hotel},
		"/md-cut":   {contentType: "text/html", body: microCut},
		"/md-whole": {contentType: "text/html", body: micro},
	})
	fetch := func(typ, path string) Batch {
		t.Helper()
		src := config.Source{Name: "s", Type: typ, URL: srv.URL + path, Brand: "Harbour View", MaxPages: 1}
		if typ == "html" {
			src.Selectors = hotelSelectors()
		}
		b, err := newTestSource(t, srv, src).Fetch(context.Background(), model.SourceState{})
		if err != nil {
			t.Fatalf("Fetch %s: %v", path, err)
		}
		return b
	}
	for _, tc := range []struct{ typ, cut, whole, lastAuthor string }{
		{"html", "/cut", "/whole", "Chloé Martin"},
		{"jsonld", "/md-cut", "/md-whole", "Lucas"},
	} {
		whole, cut := fetch(tc.typ, tc.whole), fetch(tc.typ, tc.cut)
		if len(whole.Warnings) != 0 || whole.Mentions[len(whole.Mentions)-1].Author != tc.lastAuthor {
			t.Fatalf("%s: the whole page gave warnings %q, last author %q", tc.whole, whole.Warnings, whole.Mentions[len(whole.Mentions)-1].Author)
		}
		if len(cut.Mentions) != len(whole.Mentions)-1 || !strings.Contains(strings.Join(cut.Warnings, "\n"), "looks cut off") {
			t.Errorf("%s: %d mentions (whole page %d), warnings %q; want the cut review skipped, with a warning", tc.cut, len(cut.Mentions), len(whole.Mentions), cut.Warnings)
		}
		for i, m := range cut.Mentions {
			if w := whole.Mentions[i]; m.Author != w.Author || m.Text != w.Text {
				t.Errorf("%s: mention %d = %s %q, want %s %q as on the whole page", tc.cut, i, m.Author, m.Text, w.Author, w.Text)
			}
		}
	}
}
