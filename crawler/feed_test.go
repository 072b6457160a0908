package crawler

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
)

var testNow = time.Date(2026, 11, 5, 12, 0, 0, 0, time.UTC)

// served is one canned HTTP answer.
type served struct {
	contentType string
	body        []byte
	header      map[string]string
}

// serveFiles answers each path with its canned response and 404 otherwise
// (so robots.txt allows everything); it records the requests.
func serveFiles(t testing.TB, files map[string]served) (*httptest.Server, *[]*http.Request) {
	t.Helper()
	var reqs []*http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := files[r.URL.RequestURI()]
		if !ok {
			http.NotFound(w, r)
			return
		}
		reqs = append(reqs, r)
		for k, v := range f.header {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", f.contentType)
		w.Write(f.body)
	}))
	t.Cleanup(srv.Close)
	return srv, &reqs
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// newTestSource builds a source of type typ for url with instant retries.
func newTestSource(t testing.TB, srv *httptest.Server, src config.Source) Source {
	t.Helper()
	s, err := New(src, testCrawl(), Options{Version: "test", HTTPClient: srv.Client(), Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatalf("New(%+v): %v", src, err)
	}
	return s
}

// wantMention is the part of a mention a test pins down.
type wantMention struct {
	ID, Title, Text, Author, URL string
	Published                    time.Time
}

func checkMentions(t *testing.T, got []model.Mention, want []wantMention) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d mentions, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.ID != w.ID || g.Title != w.Title || g.Text != w.Text || g.Author != w.Author || g.URL != w.URL || !g.PublishedAt.Equal(w.Published) {
			t.Errorf("mention %d =\n  %q %q %q %q %q %v\nwant\n  %q %q %q %q %q %v", i,
				g.ID, g.Title, g.Text, g.Author, g.URL, g.PublishedAt, w.ID, w.Title, w.Text, w.Author, w.URL, w.Published)
		}
		if g.FetchedAt != testNow || g.PublishedAt.Location() != time.UTC {
			t.Errorf("mention %d FetchedAt = %v, PublishedAt zone %v; want %v and UTC", i, g.FetchedAt, g.PublishedAt.Location(), testNow)
		}
	}
}

func TestFeedFormats(t *testing.T) {
	tests := []struct {
		file, contentType string
		want              func(base string) []wantMention
		cursor            string
	}{
		{"reviews-rss2.xml", "application/rss+xml", func(base string) []wantMention {
			return []wantMention{
				{"feed:" + base + "#story-1042", "Cold brew & a warm welcome", "The cold brew was superb and the staff remembered my name.", "Aisha Rahman",
					"https://blog.brewbean.example/stories/cold-brew?utm_source=rss&utm_medium=feed", time.Date(2026, 11, 3, 9, 15, 0, 0, time.UTC)},
				{"feed:https://blog.brewbean.example/stories/queue", "Queue out the door", "Waited 25 minutes for a flat white.\nNobody apologised.", "Tom Baker",
					"https://blog.brewbean.example/stories/queue", time.Date(2026, 11, 2, 17, 40, 0, 0, time.UTC)},
				{"feed:https://blog.brewbean.example/stories/kl", "Terima kasih, Brew & Bean", "Kopi sangat sedap dan harga berpatutan.", "",
					"https://blog.brewbean.example/stories/kl", testNow},
			}
		}, "2026-11-03T09:15:00Z"},
		{"reviews-atom.xml", "application/atom+xml", func(base string) []wantMention {
			return []wantMention{
				{"feed:tag:reviews.anvil.example,2026:77", "Heavy, reliable", "Dropped it from a cliff. Still works.", "Wile E.",
					"https://reviews.anvil.example/r/77", time.Date(2026, 11, 4, 7, 30, 0, 0, time.UTC)},
				{"feed:tag:reviews.anvil.example,2026:78", "Arrived late", "Delivery took three weeks.", "Road Runner",
					"https://reviews.anvil.example/r/78", time.Date(2026, 11, 3, 8, 0, 0, 0, time.UTC)},
			}
		}, "2026-11-04T07:30:00Z"},
		{"reviews.json", "application/feed+json", func(base string) []wantMention {
			return []wantMention{
				{"feed:https://lumen.example/m/1", "Bright idea", "The lamp is bright & the app works.", "Mei Lin",
					"https://lumen.example/m/1", time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)},
				{"feed:" + base + "#2", "", "Flickers after a week. Disappointed.", "",
					"https://lumen.example/m/2", time.Date(2026, 11, 2, 13, 30, 0, 0, time.UTC)},
			}
		}, "2026-11-02T13:30:00Z"},
		{"reviews-rss091.xml", "text/xml", func(base string) []wantMention {
			return []wantMention{
				{"feed:http://oldshop.example/guestbook?id=12", "Lovely service", "Fast delivery and a handwritten note.", "", "http://oldshop.example/guestbook?id=12", testNow},
				{"feed:http://oldshop.example/guestbook?id=13", "Broken on arrival", "The vase was in pieces.", "", "http://oldshop.example/guestbook?id=13", testNow},
			}
		}, ""},
		{"reviews-rdf.xml", "application/rdf+xml", func(base string) []wantMention {
			return []wantMention{
				{"feed:https://forum.example/t/5", "Best espresso in town?", "Brew & Bean, hands down.", "espresso_fan",
					"https://forum.example/t/5", time.Date(2026, 10, 30, 21, 0, 0, 0, time.UTC)},
			}
		}, "2026-10-30T21:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			srv, _ := serveFiles(t, map[string]served{"/feed": {tt.contentType, readTestdata(t, "feeds/"+tt.file), nil}})
			s := newTestSource(t, srv, config.Source{Name: "f", Type: "feed", URL: srv.URL + "/feed", Brand: "Acme", Lang: "en"})
			b, err := s.Fetch(context.Background(), model.SourceState{})
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			checkMentions(t, b.Mentions, tt.want(srv.URL+"/feed"))
			for _, m := range b.Mentions {
				if m.Source != "f" || len(m.Brands) != 1 || m.Brands[0] != "Acme" || m.Lang != "en" || m.Rating != nil {
					t.Errorf("mention %s: Source %q Brands %v Lang %q Rating %v; want f [Acme] en nil", m.ID, m.Source, m.Brands, m.Lang, m.Rating)
				}
			}
			if b.State.Cursor != tt.cursor || b.Pages != 1 || b.State.Source != "f" {
				t.Errorf("State.Cursor = %q, Pages = %d, Source %q; want %q, 1, f", b.State.Cursor, b.Pages, b.State.Source, tt.cursor)
			}
		})
	}
}

func TestFeedCharsets(t *testing.T) {
	latin1Text := "Kuchen überragend, Bedienung träge. Près de la gare, très bien."
	tests := []struct {
		name, file, contentType, title, text string
	}{
		{"ISO-8859-1 in the prolog", "latin1.xml", "application/rss+xml", "Schönes Café", latin1Text},
		{"ISO-8859-1 in the prolog and the header", "latin1.xml", "text/xml; charset=ISO-8859-1", "Schönes Café", latin1Text},
		{"ISO-8859-1 only in the header", "latin1-noprolog.xml", "text/xml; charset=iso-8859-1", "Schönes Café", latin1Text},
		{"Windows-1252", "cp1252.xml", "application/rss+xml", "“Worth every €” – a review", "It’s €49… and it’s great — really."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := serveFiles(t, map[string]served{"/feed": {tt.contentType, readTestdata(t, "feeds/"+tt.file), nil}})
			s := newTestSource(t, srv, config.Source{Name: "f", Type: "feed", URL: srv.URL + "/feed"})
			b, err := s.Fetch(context.Background(), model.SourceState{})
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if len(b.Mentions) != 1 || b.Mentions[0].Title != tt.title || b.Mentions[0].Text != tt.text {
				t.Fatalf("mentions = %+v, want one titled %q with text %q", b.Mentions, tt.title, tt.text)
			}
		})
	}
}

func TestFeedConditionalGET(t *testing.T) {
	const etag, lastMod = `"rev-7"`, "Wed, 04 Nov 2026 10:00:00 GMT"
	body := readTestdata(t, "feeds/reviews-atom.xml")
	var seen []http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		seen = append(seen, r.Header.Clone())
		if r.Header.Get("If-None-Match") == etag && r.Header.Get("If-Modified-Since") == lastMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		w.Write(body)
	}))
	defer srv.Close()
	s := newTestSource(t, srv, config.Source{Name: "f", Type: "feed", URL: srv.URL + "/atom"})
	first, err := s.Fetch(context.Background(), model.SourceState{Source: "f"})
	if err != nil || len(first.Mentions) != 2 || first.State.ETag != etag || first.State.LastModified != lastMod {
		t.Fatalf("first Fetch = %d mentions, ETag %q, Last-Modified %q, %v; want 2, %q, %q", len(first.Mentions), first.State.ETag, first.State.LastModified, err, etag, lastMod)
	}
	second, err := s.Fetch(context.Background(), first.State)
	if err != nil || !second.NotModified || len(second.Mentions) != 0 || !reflect.DeepEqual(second.State, first.State) {
		t.Errorf("second Fetch = %+v, %v; want NotModified, no mentions, state unchanged", second, err)
	}
	if len(seen) != 2 || seen[0].Get("If-None-Match") != "" || !strings.Contains(seen[1].Get("Accept"), "application/atom+xml") {
		t.Errorf("requests = %v; want a plain first GET and Accept naming feed types", seen)
	}
}

func TestFeedCursorKeepsOnlyNewItems(t *testing.T) {
	srv, _ := serveFiles(t, map[string]served{"/feed": {"application/rss+xml", readTestdata(t, "feeds/reviews-rss2.xml"), nil}})
	s := newTestSource(t, srv, config.Source{Name: "f", Type: "feed", URL: srv.URL + "/feed"})
	tests := []struct {
		cursor, wantCursor string
		wantTitles         []string
	}{
		{"", "2026-11-03T09:15:00Z", []string{"Cold brew & a warm welcome", "Queue out the door", "Terima kasih, Brew & Bean"}},
		{"2026-11-03T00:00:00Z", "2026-11-03T09:15:00Z", []string{"Cold brew & a warm welcome", "Terima kasih, Brew & Bean"}},
		// The newest item again (same instant): kept, the pipeline dedupes it by id; the undated one always comes.
		{"2026-11-03T09:15:00Z", "2026-11-03T09:15:00Z", []string{"Cold brew & a warm welcome", "Terima kasih, Brew & Bean"}},
		{"2026-11-05T00:00:00Z", "2026-11-05T00:00:00Z", []string{"Terima kasih, Brew & Bean"}},
		// A cursor in the future (stored before future dates stopped moving it) is ignored, not obeyed.
		{"2026-12-01T00:00:00Z", "2026-11-03T09:15:00Z", []string{"Cold brew & a warm welcome", "Queue out the door", "Terima kasih, Brew & Bean"}},
	}
	for _, tt := range tests {
		b, err := s.Fetch(context.Background(), model.SourceState{Cursor: tt.cursor})
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, m := range b.Mentions {
			titles = append(titles, m.Title)
		}
		if strings.Join(titles, "|") != strings.Join(tt.wantTitles, "|") || b.State.Cursor != tt.wantCursor {
			t.Errorf("Fetch(cursor %q) = %q, cursor %q; want %q, %q", tt.cursor, titles, b.State.Cursor, tt.wantTitles, tt.wantCursor)
		}
	}
}

func TestFeedBadInput(t *testing.T) {
	rss := readTestdata(t, "feeds/reviews-rss2.xml")
	tests := []struct {
		name        string
		contentType string
		body        []byte
		wantErr     error
		wantMsg     string
		exact       bool // the whole message, else its start
	}{
		{"HTML page with text/html", "text/html; charset=utf-8", []byte("<!DOCTYPE html><html><body><h1>Our blog</h1></body></html>"), ErrNotAFeed,
			"feed shop: %s/feed returned an HTML page, not a feed (is the URL the feed's address?)", true},
		{"HTML page with a feed content type", "application/rss+xml", []byte("\n  <html><head><title>Blog</title></head></html>"), ErrNotAFeed,
			"feed shop: %s/feed returned an HTML page, not a feed (is the URL the feed's address?)", true},
		{"truncated XML", "application/rss+xml", rss[:len(rss)/2], ErrBadFeed, "feed shop: %s/feed: malformed feed (truncated or malformed)", false},
		{"plain text", "text/plain", []byte("hello"), ErrNotAFeed, "feed shop: %s/feed returned \"text/plain\" (5 bytes), not an RSS, Atom or JSON feed", true},
		{"empty body", "application/rss+xml", nil, ErrNotAFeed, "feed shop: %s/feed returned", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := serveFiles(t, map[string]served{"/feed": {tt.contentType, tt.body, nil}})
			s := newTestSource(t, srv, config.Source{Name: "shop", Type: "feed", URL: srv.URL + "/feed"})
			b, err := s.Fetch(context.Background(), model.SourceState{Cursor: "c"})
			want := strings.ReplaceAll(tt.wantMsg, "%s", srv.URL)
			if !errors.Is(err, tt.wantErr) || !strings.HasPrefix(err.Error(), want) || (tt.exact && err.Error() != want) {
				t.Errorf("Fetch error = %v, want %v with message %q", err, tt.wantErr, want)
			}
			if len(b.Mentions) != 0 || b.State.Cursor != "c" {
				t.Errorf("failed Fetch returned %d mentions and cursor %q; want none and the old cursor", len(b.Mentions), b.State.Cursor)
			}
		})
	}
}

func TestFeedHTTPErrorNamesSource(t *testing.T) {
	srv, _ := serveFiles(t, nil)
	s := newTestSource(t, srv, config.Source{Name: "shop", Type: "feed", URL: srv.URL + "/missing"})
	_, err := s.Fetch(context.Background(), model.SourceState{})
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != 404 || !strings.HasPrefix(err.Error(), "feed shop: GET "+srv.URL+"/missing: HTTP 404") {
		t.Errorf("Fetch error = %v, want feed shop: GET .../missing: HTTP 404", err)
	}
}

// One item with a byte that is not UTF-8, in a feed that is UTF-8 otherwise,
// must not cost the whole feed: the byte becomes U+FFFD, the pass says how
// many it replaced, and every item comes back. A feed whose declaration
// names another encoding is left to the XML parser.
func TestFeedRepairsInvalidUTF8(t *testing.T) {
	good := readTestdata(t, "feeds/reviews-rss2.xml")
	items := bytes.Count(good, []byte("<item>"))
	at := bytes.Index(good, []byte("<item>"))
	bad := append(bytes.Clone(good[:at]), bytes.Replace(good[at:], []byte("<description>"), []byte("<description>terr\xffible \xc3 "), 1)...)
	srv, _ := serveFiles(t, map[string]served{
		"/bad.xml":   {contentType: "application/rss+xml", body: bad},
		"/latin.xml": {contentType: "application/rss+xml", body: readTestdata(t, "feeds/latin1.xml")},
	})
	s := newTestSource(t, srv, config.Source{Name: "f", Type: "feed", URL: srv.URL + "/bad.xml"})
	b, err := s.Fetch(context.Background(), model.SourceState{Source: "f"})
	if err != nil || len(b.Mentions) != items {
		t.Fatalf("Fetch = %d mentions, %v; want all %d items", len(b.Mentions), err, items)
	}
	repaired := 0
	for _, m := range b.Mentions {
		if strings.Contains(m.Text, "terr\uFFFDible") {
			repaired++
		}
		if !utf8.ValidString(m.Text) {
			t.Errorf("mention %s text is not valid UTF-8: %q", m.ID, m.Text)
		}
	}
	if repaired != 1 || len(b.Warnings) == 0 || !strings.Contains(strings.Join(b.Warnings, "\n"), "2 invalid UTF-8 sequences replaced") {
		t.Errorf("%d repaired mentions, warnings %q; want 1 and a warning counting 2 sequences", repaired, b.Warnings)
	}
	latin := newTestSource(t, srv, config.Source{Name: "l", Type: "feed", URL: srv.URL + "/latin.xml"})
	lb, err := latin.Fetch(context.Background(), model.SourceState{Source: "l"})
	if err != nil || len(lb.Mentions) == 0 || len(lb.Warnings) != 0 {
		t.Fatalf("ISO-8859-1 feed: %d mentions, warnings %q, %v; want it decoded by its declaration, nothing repaired", len(lb.Mentions), lb.Warnings, err)
	}
	for _, m := range lb.Mentions {
		if strings.ContainsRune(m.Text+m.Title, '\uFFFD') {
			t.Errorf("ISO-8859-1 feed mention %s got U+FFFD: %q", m.ID, m.Title+" "+m.Text)
		}
	}
}
