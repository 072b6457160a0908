package store_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/store"
)

// queryFixture stores 600 mentions over about four days, plus a Malay and an
// unscored one, and returns them in publish order.
func queryFixture(t *testing.T) (*store.DB, []model.Mention) {
	db := MustOpen(t)
	g := &gen{reviews: loadReviews(t)}
	ms := g.mentions(600, base, 9*time.Minute, 450)
	ms[100].Lang, ms[100].Text = "ms", "Penghantaran Acme sangat LAMBAT, saya kecewa."
	ms[101].Analysis = nil
	if res := mustPut(t, db, ms); res.New != len(ms) {
		t.Fatalf("put = %+v, want all %d new (the reference filter ignores merges)", res, len(ms))
	}
	return db, ms
}

// wantQuery is the reference filter, written independently of the store's.
func wantQuery(ms []model.Mention, q store.Query) []string {
	var ids []string
	for _, m := range ms {
		switch {
		case q.Brand != "" && !m.HasBrand(q.Brand),
			q.Source != "" && m.Source != q.Source,
			q.Lang != "" && m.Lang != q.Lang,
			q.Label != "" && (m.Analysis == nil || !m.Analysis.Scored || m.Analysis.Label != q.Label),
			q.Text != "" && !strings.Contains(strings.ToLower(m.Text), strings.ToLower(q.Text)),
			!q.Since.IsZero() && m.PublishedAt.Before(q.Since),
			!q.Until.IsZero() && !m.PublishedAt.Before(q.Until):
			continue
		}
		ids = append(ids, m.ID)
	}
	if q.Desc {
		slices.Reverse(ids)
	}
	return ids
}

var queryCases = []struct {
	name string
	q    store.Query
}{
	{"all", store.Query{}},
	{"time range", store.Query{Since: base.Add(10 * time.Hour), Until: base.Add(30 * time.Hour)}},
	{"brand", store.Query{Brand: "globex"}},
	{"brand and range desc", store.Query{Brand: "acme", Since: base.Add(24 * time.Hour), Until: base.Add(48 * time.Hour), Desc: true}},
	{"source", store.Query{Source: "mastodon"}},
	{"brand and source", store.Query{Brand: "initech", Source: "reddit"}},
	{"label", store.Query{Label: model.Negative}},
	{"lang", store.Query{Lang: "ms"}},
	{"text case-insensitive", store.Query{Text: "SERVICE"}},
	{"text unicode", store.Query{Text: "lambat"}},
	{"everything", store.Query{Brand: "acme", Source: "trustpilot", Label: model.Positive, Lang: "en", Text: "the", Since: base.Add(time.Hour), Desc: true}},
	{"nothing matches", store.Query{Brand: "umbrella"}},
}

func TestMentionsFiltersAndPages(t *testing.T) {
	db, ms := queryFixture(t)
	for _, tc := range queryCases {
		t.Run(tc.name, func(t *testing.T) {
			want := wantQuery(ms, tc.q)
			if tc.name != "nothing matches" && len(want) == 0 {
				t.Fatal("fixture has no mention for this case")
			}
			var got []string
			q, pages := tc.q, 0
			q.Limit = 37
			for {
				page, err := db.Mentions(q)
				if err != nil {
					t.Fatalf("Mentions: %v", err)
				}
				for _, m := range page.Mentions {
					got = append(got, m.ID)
				}
				pages++
				if page.Next == "" {
					break
				}
				if len(page.Mentions) != q.Limit {
					t.Errorf("page %d has %d mentions and a Next, want a full page of %d", pages, len(page.Mentions), q.Limit)
				}
				q.Cursor = page.Next
			}
			if !slices.Equal(got, want) {
				t.Errorf("paged Mentions(%+v) = %d ids, want %d (first got %v, want %v)", tc.q, len(got), len(want), head(got), head(want))
			}
			if wantPages := max(1, (len(want)+36)/37); pages != wantPages {
				t.Errorf("took %d pages for %d mentions, want %d", pages, len(want), wantPages)
			}
		})
	}
}

func TestEachMentionMatchesMentions(t *testing.T) {
	db, ms := queryFixture(t)
	for _, tc := range queryCases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			err := db.EachMention(tc.q, func(m *model.Mention) error {
				got = append(got, m.ID)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if want := wantQuery(ms, tc.q); !slices.Equal(got, want) {
				t.Errorf("EachMention(%+v) = %d ids, want %d", tc.q, len(got), len(want))
			}
		})
	}
}

func TestEachMentionStopsOnError(t *testing.T) {
	db, _ := queryFixture(t)
	stop := errors.New("enough")
	n := 0
	err := db.EachMention(store.Query{}, func(*model.Mention) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("EachMention = %v after %d calls, want the callback's error after 3", err, n)
	}
}

func TestMentionsRejectsForeignCursor(t *testing.T) {
	db, _ := queryFixture(t)
	for _, c := range []string{"not base64!", "AAAA", strings.Repeat("A", 40)} {
		if _, err := db.Mentions(store.Query{Cursor: c}); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Mentions(cursor %q) = %v, want ErrInvalid", c, err)
		}
	}
}

func TestMentionsDefaultLimit(t *testing.T) {
	db, _ := queryFixture(t)
	page, err := db.Mentions(store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Mentions) != store.DefaultLimit || page.Next == "" {
		t.Errorf("Mentions(no limit) = %d mentions, next %q; want %d and a cursor", len(page.Mentions), page.Next, store.DefaultLimit)
	}
}

func head(ids []string) []string { return ids[:min(3, len(ids))] }

// FuzzMentionsCursor feeds arbitrary cursors (they arrive from web clients):
// the answer is a page or ErrInvalid, never a panic or another error.
func FuzzMentionsCursor(f *testing.F) {
	db := MustOpen(f)
	g := &gen{reviews: loadReviews(f)}
	mustPut(f, db, g.mentions(50, base, time.Hour, 200))
	page, err := db.Mentions(store.Query{Limit: 10})
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{page.Next, "", "AAAAAAAAAAAAAAAAAAAAAA", "//", strings.Repeat("_", 22)} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, cursor string, desc bool) {
		_, err := db.Mentions(store.Query{Cursor: cursor, Desc: desc, Brand: "acme", Limit: 5})
		if err != nil && !errors.Is(err, store.ErrInvalid) {
			t.Fatalf("Mentions(cursor %q) = %v, want a page or ErrInvalid", cursor, err)
		}
	})
}
