package crawler

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
)

// hotelSite serves the two hotel review pages at /reviews and /reviews?page=2.
func hotelSite(t testing.TB) *httptest.Server {
	srv, _ := serveFiles(t, map[string]served{
		"/reviews":        {"text/html; charset=utf-8", readTestdata(t, "pages/hotel-reviews.html"), nil},
		"/reviews?page=2": {"text/html; charset=utf-8", readTestdata(t, "pages/hotel-reviews-page2.html"), nil},
	})
	return srv
}

func TestJSONLDSourcePaging(t *testing.T) {
	srv := hotelSite(t)
	newest := time.Date(2026, 11, 4, 18, 30, 0, 0, time.UTC)
	tests := []struct {
		name       string
		next       string // selectors.next; "" follows rel=next
		maxPages   int
		cursor     string
		wantN      int
		wantPages  int
		wantCursor string
	}{
		{"all pages", "", 0, "", 25, 2, "2026-11-04T18:30:00Z"},
		{"next by selector", "nav.pagination a.next", 0, "", 25, 2, "2026-11-04T18:30:00Z"},
		{"max_pages 1", "", 1, "", 20, 1, "2026-11-04T18:30:00Z"},
		// Review 5 is 4 days and 12 hours older than review 1; older ones are skipped and page 2 is not fetched.
		{"cursor", "", 0, newest.Add(-4*24*time.Hour - 12*time.Hour).Format(time.RFC3339), 5, 1, "2026-11-04T18:30:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := config.Source{Name: "hotel", Type: "jsonld", URL: srv.URL + "/reviews", Brand: "Harbour View", MaxPages: tt.maxPages}
			if tt.next != "" {
				src.Selectors = &config.Selectors{Next: tt.next}
			}
			s := newTestSource(t, srv, src)
			b, err := s.Fetch(context.Background(), model.SourceState{Cursor: tt.cursor})
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if len(b.Mentions) != tt.wantN || b.Pages != tt.wantPages || b.State.Cursor != tt.wantCursor || len(b.Warnings) != 0 {
				t.Fatalf("Fetch = %d mentions, %d pages, cursor %q, warnings %q; want %d, %d, %q, none",
					len(b.Mentions), b.Pages, b.State.Cursor, b.Warnings, tt.wantN, tt.wantPages, tt.wantCursor)
			}
			checkMentions(t, b.Mentions[:1], []wantMention{{"jsonld:https://harbourview.example/reviews/101", "Perfect weekend",
				"The room looked straight over the harbour and the bed was huge. Breakfast had fresh pastries every morning.\nStaff upgraded us for our anniversary without being asked.",
				"Maria Lopes", "https://harbourview.example/reviews/101", newest}})
			checkHotelRatings(t, b.Mentions)
		})
	}
}

// checkHotelRatings checks every review has its star rating and the brand, and arrives once.
func checkHotelRatings(t *testing.T, ms []model.Mention) {
	t.Helper()
	want := []float64{5, 2, 4, 1, 5, 4, 5, 3, 2, 5, 4, 1, 5, 3, 4, 2, 5, 4, 3, 5, 2, 5, 4, 1, 3}
	ids := map[string]bool{}
	for i, m := range ms {
		if m.Rating == nil || *m.Rating != want[i] {
			t.Errorf("mention %d (%s) rating = %s, want %v", i, m.Author, fmtRating(m.Rating), want[i])
		}
		if len(m.Brands) != 1 || m.Brands[0] != "Harbour View" || ids[m.ID] || strings.ContainsAny(m.Text, "<>") {
			t.Errorf("mention %d: brands %v, duplicate id %v, text %q", i, m.Brands, ids[m.ID], m.Text)
		}
		ids[m.ID] = true
	}
}

func TestJSONLDSourceMicrodataFallback(t *testing.T) {
	srv, _ := serveFiles(t, map[string]served{"/anvil": {"text/html", readTestdata(t, "schemaorg/reviews-microdata.html"), nil}})
	s := newTestSource(t, srv, config.Source{Name: "acme", Type: "jsonld", URL: srv.URL + "/anvil"})
	first, err := s.Fetch(context.Background(), model.SourceState{})
	if err != nil {
		t.Fatal(err)
	}
	again, _ := s.Fetch(context.Background(), model.SourceState{})
	if len(first.Mentions) != 2 || first.Mentions[0].Author != "Ellie" || first.Mentions[1].Author != "Lucas" {
		t.Fatalf("mentions = %+v, want Ellie's and Lucas's reviews", first.Mentions)
	}
	for i, m := range first.Mentions {
		if !strings.HasPrefix(m.ID, "jsonld:"+srv.URL+"/anvil#") || m.ID != again.Mentions[i].ID || m.URL != srv.URL+"/anvil" {
			t.Errorf("mention %d id %q (again %q) url %q; want a stable id under the page URL", i, m.ID, again.Mentions[i].ID, m.URL)
		}
	}
	if d := first.Mentions[0].PublishedAt; !d.Equal(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("published = %v, want 2026-04-01", d)
	}
}

func TestJSONLDSourceWarningsAndErrors(t *testing.T) {
	srv, _ := serveFiles(t, map[string]served{
		"/shop":    {"text/html", readTestdata(t, "schemaorg/microdata-with-description.html"), nil},
		"/gadgets": {"text/html", readTestdata(t, "schemaorg/reviews-jsonld-edge.html"), nil},
	})
	t.Run("page without reviews", func(t *testing.T) {
		s := newTestSource(t, srv, config.Source{Name: "shop", Type: "jsonld", URL: srv.URL + "/shop"})
		b, err := s.Fetch(context.Background(), model.SourceState{})
		if err != nil || len(b.Mentions) != 0 || len(b.Warnings) != 1 || !strings.Contains(b.Warnings[0], "no schema.org Review") {
			t.Errorf("Fetch = %d mentions, warnings %q, %v; want none and a warning", len(b.Mentions), b.Warnings, err)
		}
	})
	t.Run("next page missing and review without text", func(t *testing.T) {
		s := newTestSource(t, srv, config.Source{Name: "g", Type: "jsonld", URL: srv.URL + "/gadgets"})
		b, err := s.Fetch(context.Background(), model.SourceState{})
		if err != nil || len(b.Mentions) != 3 || b.Pages != 1 {
			t.Fatalf("Fetch = %d mentions, %d pages, %v; want 3 and 1", len(b.Mentions), b.Pages, err)
		}
		if id := b.Mentions[0].ID; id != "jsonld:https://gadgets.example/reviews/9001#review" {
			t.Errorf("id = %q, want the review's @id with its fragment", id)
		}
		joined := strings.Join(b.Warnings, "\n")
		for _, w := range []string{"JSON-LD block 3", `review by "Silent Sam" has no text`, "page 2 stopped the run", "HTTP 404"} {
			if !strings.Contains(joined, w) {
				t.Errorf("warnings %q lack %q", b.Warnings, w)
			}
		}
	})
	t.Run("first page fails", func(t *testing.T) {
		s := newTestSource(t, srv, config.Source{Name: "gone", Type: "jsonld", URL: srv.URL + "/gone"})
		_, err := s.Fetch(context.Background(), model.SourceState{})
		var he *HTTPError
		if !errors.As(err, &he) || !strings.HasPrefix(err.Error(), "jsonld gone: GET") {
			t.Errorf("Fetch error = %v, want jsonld gone: GET ... HTTP 404", err)
		}
	})
}

func TestPagingNeverRevisits(t *testing.T) {
	page := []byte(`<html><head><link rel="next" href="/loop"><script type="application/ld+json">{"@type":"Review","reviewBody":"Same again"}</script></head></html>`)
	var hits int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/loop" {
			hits++
			w.Write(page)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	s := newTestSource(t, srv, config.Source{Name: "loop", Type: "jsonld", URL: srv.URL + "/loop"})
	b, err := s.Fetch(context.Background(), model.SourceState{})
	if err != nil || hits != 1 || len(b.Mentions) != 1 {
		t.Errorf("Fetch = %d mentions after %d hits, %v; want 1 after 1", len(b.Mentions), hits, err)
	}
}

func TestNewRejectsBadSources(t *testing.T) {
	tests := []struct {
		name string
		src  config.Source
		want error
	}{
		{"unknown type", config.Source{Name: "x", Type: "gopher", URL: "http://a.example/"}, ErrUnknownType},
		{"feed without url", config.Source{Name: "x", Type: "feed"}, ErrBadSource},
		{"jsonld without url", config.Source{Name: "x", Type: "jsonld"}, ErrBadSource},
		{"html without selectors", config.Source{Name: "x", Type: "html", URL: "http://a.example/"}, ErrBadSource},
		{"html with a bad selector", config.Source{Name: "x", Type: "html", URL: "http://a.example/", Selectors: &config.Selectors{Item: "div[", Text: "p"}}, ErrBadSource},
		{"jsonld with a bad next selector", config.Source{Name: "x", Type: "jsonld", URL: "http://a.example/", Selectors: &config.Selectors{Next: "a[[["}}, ErrBadSource},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.src, config.Crawl{}, Options{})
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), "x") {
				t.Errorf("New(%+v) error = %v, want %v naming the source", tt.src, err, tt.want)
			}
		})
	}
}

func TestJSONLDSourceFragmentIDsAndCharset(t *testing.T) {
	// Windows-1252 page (declared by <meta charset>) whose reviews are told apart only by the @id fragment.
	page := []byte("<html><head><meta charset=\"windows-1252\"><script type=\"application/ld+json\">" +
		"{\"@type\":\"Product\",\"name\":\"Caf\xe9 cr\xe8me\",\"review\":[" +
		"{\"@type\":\"Review\",\"@id\":\"#r1\",\"reviewBody\":\"Tr\xe8s bon \x96 \x93parfait\x94\"}," +
		"{\"@type\":\"Review\",\"@id\":\"#r2\",\"reviewBody\":\"Trop sucr\xe9\"}]}" +
		"</script></head></html>")
	srv, _ := serveFiles(t, map[string]served{"/p": {"text/html", page, nil}})
	s := newTestSource(t, srv, config.Source{Name: "cafe", Type: "jsonld", URL: srv.URL + "/p"})
	b, err := s.Fetch(context.Background(), model.SourceState{})
	if err != nil || len(b.Mentions) != 2 {
		t.Fatalf("Fetch = %d mentions, %v; want 2", len(b.Mentions), err)
	}
	want := []struct{ id, title, text string }{
		{"jsonld:" + srv.URL + "/p#r1", "Café crème", "Très bon – “parfait”"},
		{"jsonld:" + srv.URL + "/p#r2", "Café crème", "Trop sucré"},
	}
	for i, w := range want {
		if m := b.Mentions[i]; m.ID != w.id || m.Title != w.title || m.Text != w.text {
			t.Errorf("mention %d = %q %q %q, want %q %q %q", i, m.ID, m.Title, m.Text, w.id, w.title, w.text)
		}
	}
}

// A page's schema.org AggregateRating (the item's average over all its
// reviews) is kept in the source's state; a pass that finds none keeps the
// last ones.
func TestJSONLDSourceKeepsAggregateRatings(t *testing.T) {
	srv, _ := serveFiles(t, map[string]served{
		"/anvil": {"text/html", readTestdata(t, "schemaorg/reviews-microdata.html"), nil},
		"/hotel": {"text/html", readTestdata(t, "pages/hotel-reviews.html"), nil},
		"/plain": {"text/html", []byte("<html><body><p>No structured data here.</p></body></html>"), nil},
	})
	fetch := func(path string, st model.SourceState) Batch {
		t.Helper()
		b, err := newTestSource(t, srv, config.Source{Name: "acme", Type: "jsonld", URL: srv.URL + path, MaxPages: 1}).Fetch(context.Background(), st)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	anvil := fetch("/anvil", model.SourceState{})
	if r := anvil.State.Ratings; len(r) != 1 || r[0].Item != "Executive Anvil" || r[0].Rating != 3.5 || r[0].Count != 2 || r[0].URL != srv.URL+"/anvil" || r[0].SeenAt.IsZero() {
		t.Errorf("ratings after the anvil page = %+v; want Executive Anvil at 3.5 over 2 reviews, with its page and time", r)
	}
	hotel := fetch("/hotel", anvil.State)
	if r := hotel.State.Ratings; len(r) != 1 || r[0].Item != "Harbour View Hotel" || r[0].Count != 1284 {
		t.Errorf("ratings after the hotel page = %+v; want only the hotel's, over 1284 reviews", r)
	}
	plain := fetch("/plain", hotel.State)
	if r := plain.State.Ratings; len(r) != 1 || r[0].Item != "Harbour View Hotel" {
		t.Errorf("ratings after a page without any = %+v; want the last ones kept", r)
	}
}
