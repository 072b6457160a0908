package crawler

import (
	"bytes"
	"context"
	"testing"

	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
)

// The review skipped on a cut-off page comes whole on the next pass: the run
// that skipped it keeps the cursor where it was (it used to move it past the
// review, and the next run dropped it as older than the cursor).
func TestCutOffPageKeepsTheCursorSoItsLastReviewComesLater(t *testing.T) {
	hotel := readTestdata(t, "pages/hotel-reviews.html")
	cut := hotel[:bytes.Index(hotel, []byte(`<time class="posted" datetime="2026-10-14`))]
	srv, _ := serveFiles(t, map[string]served{
		"/cut":   {contentType: "text/html", body: cut},
		"/whole": {contentType: "text/html", body: hotel},
	})
	fetch := func(path string, st model.SourceState) Batch {
		src := config.Source{Name: "s", Type: "html", URL: srv.URL + path, Brand: "Harbour View", MaxPages: 1, Selectors: hotelSelectors()}
		b, err := newTestSource(t, srv, src).Fetch(context.Background(), st)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	first := fetch("/cut", model.SourceState{})
	second := fetch("/whole", first.State)
	t.Logf("cursor after cut page: %q; first run %d mentions, second run %d", first.State.Cursor, len(first.Mentions), len(second.Mentions))
	for _, m := range second.Mentions {
		if m.Author == "Chloé Martin" {
			return
		}
	}
	t.Errorf("the review skipped on the cut page never came: the second (whole) page run returned %d mentions, none of them Chloé Martin's", len(second.Mentions))
}
