package crawler

import (
	"net/http"
	"testing"

	"github.com/earshot/earshot/internal/config"
)

// Extraction alone, without HTTP, on the 20-review hotel page.

func BenchmarkExtractJSONLD(b *testing.B) {
	page := readTestdata(b, "pages/hotel-reviews.html")
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if x := extractJSONLD(scanPage(page).Scripts); len(x.Reviews) != 20 {
			b.Fatalf("got %d reviews", len(x.Reviews))
		}
	}
}

func BenchmarkExtractMicrodata(b *testing.B) {
	page := readTestdata(b, "schemaorg/reviews-microdata.html")
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if x := extractMicrodata(page); len(x.Reviews) != 2 {
			b.Fatalf("got %d reviews", len(x.Reviews))
		}
	}
}

func BenchmarkExtractHTML(b *testing.B) {
	page := readTestdata(b, "pages/hotel-reviews.html")
	s, err := New(config.Source{Name: "b", Type: "html", URL: "https://harbourview.example/reviews", Selectors: hotelSelectors()}, testCrawl(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	resp := &response{URL: "https://harbourview.example/reviews", Status: 200, Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: page}
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if res := s.(*htmlSource).page(resp, testNow); len(res.Items) != 20 {
			b.Fatalf("got %d items", len(res.Items))
		}
	}
}

func BenchmarkCanonicalURL(b *testing.B) {
	for b.Loop() {
		CanonicalURL("https://Example.com/reviews/101?utm_source=site&utm_medium=list&page=2#top")
	}
}
