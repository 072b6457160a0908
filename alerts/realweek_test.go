package alerts_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
)

// airlineWeek is a real week of brand mentions: the labelled tweets to six
// US airlines in ../shared/eval (Twitter US Airline Sentiment, Feb 2015,
// CC BY-NC-SA 4.0, evaluation only: read in place, never copied here).
const airlineWeek = "../../shared/eval/en-airline-dev.jsonl"

// The default rules, replayed hour by hour over that week with earshot's own
// scores, fire on the real storms and stay quiet on the calm brand, without
// a flood. The week's storms, by negative tweets a day in the file: United
// 73-105 a day, then 169 on the 22nd; US Airways 47-81, then 179; Southwest
// 25-39, then 90 on the 21st. Virgin America runs at 2-11 a day throughout.
func TestReplayOfARealWeek(t *testing.T) {
	f, err := os.Open(airlineWeek)
	if err != nil {
		t.Skipf("development files not present: %v", err)
	}
	defer f.Close()
	an, err := sentiment.New(sentiment.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ms []model.Mention
	brands := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var row struct {
			ID, Text, Brand string
			CreatedAt       string `json:"created_at"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		at, err := time.Parse("2006-01-02 15:04:05 -0700", row.CreatedAt)
		if err != nil {
			t.Fatalf("created_at %q: %v", row.CreatedAt, err)
		}
		a := an.Analyze(sentiment.Input{Text: row.Text})
		ms = append(ms, model.Mention{ID: row.ID, Source: "twitter", Brands: []string{row.Brand}, Text: row.Text, Lang: a.Lang,
			PublishedAt: at.UTC(), FetchedAt: at.UTC(), Analysis: &a})
		brands[row.Brand] = true
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	db := mustOpen(t, filepath.Join(t.TempDir(), "week.db"), time.Now)
	defer db.Close()
	if _, err := db.PutMentions(ms); err != nil {
		t.Fatal(err)
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for b := range brands {
			if !yield(b) {
				return
			}
		}
	})
	e, err := alerts.NewEvaluator(db, scanOf(db), alerts.Options{Rules: alerts.DefaultRules(names), Channels: []string{"slack"}})
	if err != nil {
		t.Fatal(err)
	}
	from, to := time.Date(2015, 2, 17, 0, 0, 0, 0, time.UTC), time.Date(2015, 2, 25, 0, 0, 0, 0, time.UTC)
	replayed, err := e.Replay(context.Background(), from, to, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	firing := map[string][]model.Alert{}
	for _, a := range replayed {
		if a.Kind == model.AlertFiring {
			firing[a.Brand] = append(firing[a.Brand], a)
			t.Logf("%s %-14s %s sev %d: %s", a.CreatedAt.Format("Jan 02 15:04"), a.Brand, a.Rule, a.Severity, a.Summary)
		}
	}
	firstOn := func(brand string) time.Time {
		if len(firing[brand]) == 0 {
			return time.Time{}
		}
		return firing[brand][0].CreatedAt
	}
	for brand, storm := range map[string]time.Time{
		"United":     time.Date(2015, 2, 22, 0, 0, 0, 0, time.UTC),
		"US Airways": time.Date(2015, 2, 22, 0, 0, 0, 0, time.UTC),
		"Southwest":  time.Date(2015, 2, 21, 0, 0, 0, 0, time.UTC),
	} {
		hit := false
		for _, a := range firing[brand] {
			hit = hit || (!a.CreatedAt.Before(storm.Add(-6*time.Hour)) && a.CreatedAt.Before(storm.Add(30*time.Hour)))
		}
		if !hit {
			t.Errorf("%s: no alert within its storm of %s (first alert: %v)", brand, storm.Format("Jan 02"), firstOn(brand))
		}
	}
	if n := len(firing["Virgin America"]); n != 0 {
		t.Errorf("Virgin America, calm all week, got %d alerts", n)
	}
	for brand, as := range firing {
		if len(as) > 8 {
			t.Errorf("%s: %d alerts in 8 days: a flood (want a handful: one per storm, and a re-notify when it worsens)", brand, len(as))
		}
	}
	if len(firing) == len(brands) {
		t.Errorf("every brand alerted: %v", strings.Join(names, ", "))
	}
}
