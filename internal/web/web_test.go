package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/internal/web"
	"github.com/earshot/earshot/store"
)

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "w.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	neg := &model.Analysis{Version: "t", Lang: "en", Scored: true, Score: -0.8, Label: model.Negative}
	_, err = db.PutBatch(store.Batch{
		Mentions: []model.Mention{
			{ID: "x1", Source: "reviews", Brands: []string{"Acme"}, Text: `<script>alert(1)</script> <!channel> awful`, PublishedAt: at, Analysis: neg},
			{ID: "x2", Source: "reviews", Brands: []string{"Acme"}, Text: "fine", PublishedAt: at.Add(time.Hour)},
		},
		States: []model.SourceState{{Source: "reviews", LastError: "feed reviews: 503", ConsecutiveFailures: 2}},
	})
	if err != nil {
		t.Fatal(err)
	}
	h := web.New(db, []web.Source{{Name: "reviews", Type: "jsonld", Schedule: "@every 1h"}}, nil, func() time.Time { return at })
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestStatusShowsSourceHealth(t *testing.T) {
	srv := newServer(t)
	code, body := get(t, srv.URL+"/api/status")
	var st web.Status
	if code != 200 || json.Unmarshal([]byte(body), &st) != nil {
		t.Fatalf("status %d body %s", code, body)
	}
	if len(st.Sources) != 1 || st.Sources[0].State.ConsecutiveFailures != 2 || st.Mentions != 2 {
		t.Errorf("status = %+v", st)
	}
}

func TestMentionsFilterAndEscapeMarkup(t *testing.T) {
	srv := newServer(t)
	code, body := get(t, srv.URL+"/api/mentions?brand=Acme&label=negative")
	if code != 200 {
		t.Fatalf("status %d: %s", code, body)
	}
	if strings.Contains(body, "<script>") || !strings.Contains(body, `\u003cscript\u003e`) {
		t.Errorf("crawled markup must be escaped in JSON: %s", body)
	}
	var page store.Page
	json.Unmarshal([]byte(body), &page)
	if len(page.Mentions) != 1 || page.Mentions[0].ID != "x1" {
		t.Errorf("negative Acme mentions = %+v, want x1 only", page.Mentions)
	}
}

func TestBadParamsAreClientErrors(t *testing.T) {
	srv := newServer(t)
	for _, q := range []string{"label=angry", "since=yesterday", "limit=0", "limit=abc"} {
		if code, body := get(t, srv.URL+"/api/mentions?"+q); code != http.StatusBadRequest || !strings.Contains(body, "bad ") {
			t.Errorf("?%s = %d %s, want 400 naming the parameter", q, code, body)
		}
	}
	resp, err := http.Post(srv.URL+"/api/mentions", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST = %d, want 405: the API changes nothing", resp.StatusCode)
	}
}

func TestStatsCountsByBrandLabelAndLanguage(t *testing.T) {
	srv := newServer(t)
	code, body := get(t, srv.URL+"/api/stats")
	var st store.Stats
	if code != 200 || json.Unmarshal([]byte(body), &st) != nil {
		t.Fatalf("stats %d body %s", code, body)
	}
	if st.Mentions != 2 || st.ByBrand["Acme"] != 2 || st.ByLabel["negative"] != 1 || st.Unscored != 1 || st.FileBytes == 0 {
		t.Errorf("stats = %+v", st)
	}
}

// A mangled or stale cursor is the client's mistake: 400 naming the cursor,
// not a 500 and an ERROR line in the log.
func TestBadCursorIsABadRequest(t *testing.T) {
	srv := newServer(t)
	code, body := get(t, srv.URL+"/api/mentions?limit=1&cursor=bm90LWEtY3Vyc29y")
	if code != 400 || !strings.Contains(body, "cursor") {
		t.Errorf("bad cursor: %d %s; want 400 naming the cursor", code, strings.TrimSpace(body))
	}
}
