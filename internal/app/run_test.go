package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/app"
	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/store"
)

// Under `earshot run`, a source that fails on every pass stops no other
// source, and a storm one pass brings in is alerted right after that pass
// (alerts.interval is an hour here, so only the pass can have triggered it).
func TestRunCrawlsPastAFailingSourceAndAlertsAfterThePass(t *testing.T) {
	now := time.Now().UTC()
	path := filepath.Join(t.TempDir(), "run.db")
	history(t, path, now)
	var items strings.Builder
	for i := range 30 {
		at := now.Add(-time.Duration(i) * time.Minute)
		fmt.Fprintf(&items, `<item><title>Order %d</title><link>https://shop.example/c/%d</link><guid>c%d</guid><pubDate>%s</pubDate>
<description>Acme lost my parcel again and the refund never came. Worst service ever, never again.</description></item>`, i, i, i, at.Format(time.RFC1123Z))
	}
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/good.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Comments</title>%s</channel></rss>`, items.String())
		case "/bad.xml":
			http.Error(w, "broken", http.StatusInternalServerError)
		default:
			http.NotFound(w, r)
		}
	}))
	defer site.Close()
	var mu sync.Mutex
	var posts []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		posts = append(posts, string(b))
		mu.Unlock()
	}))
	defer hook.Close()
	yaml := fmt.Sprintf(`
store: {path: %s}
crawl: {jitter: 1ms, retries: 0, delay: 1ms}
brands: [{name: Acme}]
sources:
  - {name: broken, type: feed, url: %q, schedule: "@every 1h"}
  - {name: comments, type: feed, url: %q, schedule: "@every 1h"}
alerts: {interval: 1h, webhook: {url_env: HOOK}}
web: {listen: "%s"}
`, path, site.URL+"/bad.xml", site.URL+"/good.xml", freeAddr(t))
	cfg, err := config.Parse("run.yaml", []byte(yaml), func(k string) string {
		if k == "HOOK" {
			return hook.URL
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(cfg, app.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	var got []string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		mu.Lock()
		got = append(got[:0], posts...)
		mu.Unlock()
		if len(got) > 0 {
			break
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Logf("Run = %v", err)
	}
	if len(got) == 0 || !strings.Contains(got[0], `"kind":"firing"`) || !strings.Contains(got[0], `"brand":"Acme"`) {
		t.Fatalf("webhook got %d posts (first %.200q); want the storm's alert, sent after the pass that stored it", len(got), strings.Join(got, ""))
	}
	stored, err := a.DB().Mentions(store.Query{Source: "comments", Since: now.Add(-time.Hour)})
	if err != nil || len(stored.Mentions) != 30 {
		t.Errorf("comments stored %d of 30 new mentions (%v) while the other source failed", len(stored.Mentions), err)
	}
	st, _ := a.DB().SourceState("broken")
	if st.ConsecutiveFailures == 0 || !strings.Contains(st.LastError, "500") {
		t.Errorf("broken source state = %+v, want its failure recorded", st)
	}
}

// history stores three weeks of Acme's usual talk: three mentions an hour,
// one in six of them negative.
func history(t *testing.T, path string, now time.Time) {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ms []model.Mention
	start := now.Truncate(time.Hour).Add(-21 * 24 * time.Hour)
	for h := 0; start.Add(time.Duration(h) * time.Hour).Before(now.Truncate(time.Hour).Add(-time.Hour)); h++ {
		for i := range 3 {
			at := start.Add(time.Duration(h)*time.Hour + time.Duration(i)*15*time.Minute)
			label, score := model.Neutral, 0.1
			if (h*3+i)%6 == 0 {
				label, score = model.Negative, -0.6
			}
			ms = append(ms, model.Mention{ID: fmt.Sprintf("hist:%d:%d", h, i), Source: "comments", Brands: []string{"Acme"},
				Text: "Acme was fine today", Lang: "en", PublishedAt: at, FetchedAt: at,
				Analysis: &model.Analysis{Scored: true, Label: label, Score: score, Lang: "en"}})
		}
	}
	if _, err := db.PutMentions(ms); err != nil {
		t.Fatal(err)
	}
}
