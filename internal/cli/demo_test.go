package cli_test

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/cli"
	"github.com/earshot/earshot/store"
)

func TestDemoRunsThePipelineAndAlertsSlack(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	now := time.Date(2026, 11, 23, 10, 30, 0, 0, time.UTC)
	var out, errb bytes.Buffer
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
		Now: func() time.Time { return now }, IsTerminal: func(io.Writer) bool { return false }}
	if code := cli.Main(context.Background(), []string{"demo", "--db", db}, env); code != 0 {
		t.Fatalf("demo exit %d: %s\n%s", code, errb.String(), out.String())
	}
	got := out.String()
	for _, want := range []string{
		"crawled shoptalk-reviews         fetched 15, new 15",
		"crawled retail-weekly-comments   fetched  5, new  4, duplicate 0, unmatched 1",
		"crawled hacker-news              fetched  3, new  3",
		"----- Slack #brand-alerts -----",
		"Negative spike: Northwind",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("demo output lacks %q:\n%s", want, got)
		}
	}
	sdb, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	pending, err := sdb.PendingDeliveries(now.Add(time.Hour), 10)
	if err != nil || len(pending) != 0 {
		t.Errorf("undelivered alerts after the demo: %v %v", pending, err)
	}
	m, err := sdb.Mention(firstReviewID(t, sdb))
	if err != nil || m.Rating == nil || m.Analysis == nil || strings.Contains(m.Text, "<") {
		t.Errorf("review stored without rating/analysis or with markup: %+v", m)
	}
}

func firstReviewID(t *testing.T, db *store.DB) string {
	t.Helper()
	page, err := db.Mentions(store.Query{Source: "shoptalk-reviews", Limit: 1})
	if err != nil || len(page.Mentions) == 0 {
		t.Fatalf("no review stored: %v", err)
	}
	return page.Mentions[0].ID
}
