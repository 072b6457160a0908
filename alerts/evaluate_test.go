package alerts_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/alerts/alertstest"
	"github.com/earshot/earshot/internal/model"
)

// stormTexts are realistic complaints of a delivery storm (the words
// "refund" and "courier" recur; the rest varies).
var stormTexts = []string{
	"Acme still has not sent my refund, the courier lost my parcel again",
	"Three weeks waiting for a refund from Acme. The courier says it was delivered. It was not.",
	"acme support hung up on me twice, where is my refund?? courier tracking is fake",
	"Never ordering from Acme again: courier left the box in the rain and no refund",
	"Acme refund policy is a joke, the courier broke my order",
	"My Acme order never arrived and they refuse a refund",
}

var calmTexts = []string{
	"Acme app is a bit slow today", "The Acme store was crowded", "Acme prices went up again",
}

// mention builds a scored mention.
func mention(id, src, text string, label model.Label, score float64, at time.Time, aspects ...string) model.Mention {
	m := model.Mention{ID: id, Source: src, Brands: []string{"acme"}, URL: "https://reviews.example/r/" + id,
		Text: text, PublishedAt: at, Analysis: &model.Analysis{Scored: true, Label: label, Score: score}}
	for _, a := range aspects {
		m.Analysis.Aspects = append(m.Analysis.Aspects, model.AspectScore{Aspect: a, Score: score})
	}
	return m
}

// stormStore has four weeks of calm traffic for acme, a few days of calm
// negative mentions, and a storm of 60 negative mentions in the hour at storm.
func stormStore(t testing.TB, storm time.Time) *alertstest.MemStore {
	t.Helper()
	st := alertstest.NewMemStore()
	tr := traffic{brand: "acme", neg: 4, all: 40, diurnal: 0.3}
	tr.fill(st, rand.New(rand.NewPCG(3, 4)), storm.Add(-28*24*time.Hour), 28*24)
	for i := range 40 { // the negatives of the days before, for the term baseline
		at := storm.Add(-time.Duration(i+1) * 90 * time.Minute)
		st.PutMentions(mention(fmt.Sprint("calm", i), "forum", calmTexts[i%len(calmTexts)], model.Negative, -0.3, at, "price"))
	}
	for i := range 60 {
		at := storm.Add(time.Duration(i) * time.Minute)
		src := []string{"reviews", "reviews", "forum"}[i%3]
		score := -0.5 - float64(i%10)/20
		m := mention(fmt.Sprintf("storm%02d", i), src, stormTexts[i%len(stormTexts)], model.Negative, score, at, "delivery")
		if i == 9 {
			m.URL = "javascript:alert(1)"
		}
		st.PutMentions(m)
	}
	return st
}

var storm = time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)

func TestEvaluateFiresExplainsAndQueuesOnce(t *testing.T) {
	st := stormStore(t, storm)
	e := newEvaluator(t, st, st.EachMention, alerts.DefaultRules([]string{"acme"}))
	at := storm.Add(time.Hour)
	got, err := e.Evaluate(context.Background(), at)
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	// One alert per rule: the one-hour and three-hour volume rules, and
	// the share rule; the later ones follow up the first (one Slack thread).
	if n := countKind(got, model.AlertFiring, alerts.NegativeVolume); n != 2 {
		t.Fatalf("Evaluate queued %d negative_volume alerts, want 2 (1h and 3h windows): %+v", n, got)
	}
	for _, a := range got[1:] {
		if a.FollowsUp != got[0].ID {
			t.Errorf("alert %s (%s) follows up %q, want the storm's first alert %s", a.ID, a.Rule, a.FollowsUp, got[0].ID)
		}
	}
	a := got[slices.IndexFunc(got, func(a model.Alert) bool { return a.Rule == alerts.NegativeVolume })]
	t.Logf("summary: %s", a.Summary)
	checkExplained(t, a, at)

	again, err := e.Evaluate(context.Background(), at)
	if err != nil || len(again) != 0 {
		t.Errorf("second Evaluate at the same moment = %d alerts, %v; want none", len(again), err)
	}
	if n := len(st.Alerts()); n != len(got) {
		t.Errorf("store holds %d alerts after two evaluations, want %d", n, len(got))
	}
	due, _ := st.PendingDeliveries(at, 100)
	if len(due) != len(got) || due[0].Channel != "slack" {
		t.Errorf("pending deliveries = %+v, want one slack delivery per alert", due)
	}
}

func checkExplained(t *testing.T, a model.Alert, at time.Time) {
	t.Helper()
	want := alerts.AlertID(a.Rule, "acme", "", "", storm, storm.Add(time.Hour), model.AlertFiring, a.Severity)
	if a.ID != want || a.Brand != "acme" || !a.WindowStart.Equal(storm) || !a.CreatedAt.Equal(at) {
		t.Errorf("alert %s brand %q window %s created %s; want id %s, acme, %s, %s", a.ID, a.Brand, a.WindowStart, a.CreatedAt, want, storm, at)
	}
	if a.Observed < 60 || a.Expected <= 0 || a.Expected > 10 || a.PValue >= 0.001 || a.Share <= a.BaselineShare {
		t.Errorf("observed %v expected %v p %v share %v baseline %v; want >= 60 vs a few, p < 0.001, share up", a.Observed, a.Expected, a.PValue, a.Share, a.BaselineShare)
	}
	if len(a.TopTerms) == 0 || !slices.ContainsFunc(a.TopTerms[:min(2, len(a.TopTerms))], func(tl model.TermLift) bool { return tl.Term == "refund" || tl.Term == "courier" }) {
		t.Errorf("top terms %+v, want refund or courier first", a.TopTerms)
	}
	if slices.ContainsFunc(a.TopTerms, func(tl model.TermLift) bool { return tl.Term == "acme" || tl.Term == "the" }) {
		t.Errorf("top terms %+v include the brand or a stopword", a.TopTerms)
	}
	if len(a.TopAspects) == 0 || a.TopAspects[0].Term != "delivery" {
		t.Errorf("top aspects %+v, want delivery first", a.TopAspects)
	}
	if len(a.TopSources) == 0 || a.TopSources[0].Term != "reviews" {
		t.Errorf("top sources %+v, want reviews first", a.TopSources)
	}
	if len(a.Examples) != 5 || !slices.IsSortedFunc(a.Examples, func(x, y model.AlertExample) int { return int(1000 * (x.Score - y.Score)) }) {
		t.Errorf("examples %+v, want the 5 most negative, most negative first", a.Examples)
	}
	for _, ex := range a.Examples {
		if ex.URL != "" && !strings.HasPrefix(ex.URL, "https://") {
			t.Errorf("example %s links %q, want only http(s) links", ex.MentionID, ex.URL)
		}
	}
	if !strings.HasPrefix(a.DashboardURL, "https://earshot.example/api/mentions?") || !strings.Contains(a.DashboardURL, "brand=acme") {
		t.Errorf("dashboard URL %q, want the window's mentions", a.DashboardURL)
	}
	if a.ConfigHash == "" || a.DetectorVersion != alerts.DetectorVersion {
		t.Errorf("config hash %q, version %q; want both set", a.ConfigHash, a.DetectorVersion)
	}
	r, err := alerts.Redetect(a.Inputs)
	if err != nil || r.Observed != a.Observed || r.Expected != a.Expected || r.PValue != a.PValue || !r.Fires || r.Severity != a.Severity {
		t.Errorf("Redetect(inputs) = %+v, %v; want the alert's own numbers (%v, %v, %v)", r, err, a.Observed, a.Expected, a.PValue)
	}
}

func TestReplayIsDeterministicAndMatchesEvaluate(t *testing.T) {
	run := func() []byte {
		st := stormStore(t, storm)
		e := newEvaluator(t, st, st.EachMention, alerts.DefaultRules([]string{"acme"}))
		got, err := e.Replay(context.Background(), storm.Add(-3*time.Hour), storm.Add(4*time.Hour), time.Hour)
		if err != nil {
			t.Fatalf("Replay: %v", err)
		}
		b, _ := json.Marshal(got)
		return b
	}
	first, second := run(), run()
	if !bytes.Equal(first, second) {
		t.Fatalf("two replays differ:\n%s\n%s", first, second)
	}
	var replayed []model.Alert
	_ = json.Unmarshal(first, &replayed)
	if countKind(replayed, model.AlertFiring, "") == 0 || countKind(replayed, model.AlertResolved, "") == 0 {
		t.Fatalf("replay over the storm = %d alerts, want it to fire and resolve", len(replayed))
	}

	st := stormStore(t, storm)
	e := newEvaluator(t, st, st.EachMention, alerts.DefaultRules([]string{"acme"}))
	var live []model.Alert
	for at := storm.Add(-3 * time.Hour); !at.After(storm.Add(4 * time.Hour)); at = at.Add(time.Hour) {
		got, err := e.Evaluate(context.Background(), at)
		if err != nil {
			t.Fatalf("Evaluate(%s): %v", at, err)
		}
		live = append(live, got...)
	}
	lb, _ := json.Marshal(live)
	if !bytes.Equal(lb, first) {
		t.Errorf("hourly Evaluate and Replay differ:\n%s\n%s", lb, first)
	}
}

func TestResolveNoticeClosesTheFiringAlert(t *testing.T) {
	st := stormStore(t, storm)
	e := newEvaluator(t, st, nil, []alerts.Rule{{Detector: alerts.NegativeVolume, Brands: []string{"acme"}}})
	got, err := e.Replay(context.Background(), storm.Add(time.Hour), storm.Add(5*time.Hour), time.Hour)
	if err != nil {
		t.Fatalf("Replay: %v", err)
	}
	if len(got) != 2 || got[0].Kind != model.AlertFiring || got[1].Kind != model.AlertResolved {
		t.Fatalf("replay = %v, want one firing then one resolved alert", kinds(got))
	}
	// Two calm hours are needed (one could be chance): it resolves on the second.
	if got[1].Resolves != got[0].ID || !got[1].WindowStart.Equal(storm.Add(2*time.Hour)) || got[1].Severity != got[0].Severity {
		t.Errorf("resolved alert resolves %q window %s severity %d; want %q, the second calm hour after the storm, %d",
			got[1].Resolves, got[1].WindowStart, got[1].Severity, got[0].ID, got[0].Severity)
	}
}

func kinds(as []model.Alert) []string {
	var out []string
	for _, a := range as {
		out = append(out, string(a.Kind)+":"+a.Detector+"@"+a.CreatedAt.Format("15:04"))
	}
	return out
}

func TestPartialHourFiresEarlyAndOnce(t *testing.T) {
	st := stormStore(t, storm)
	e := newEvaluator(t, st, nil, []alerts.Rule{{Detector: alerts.NegativeVolume, Brands: []string{"acme"}}})
	// By 14:20 the storm's first 20 mentions are in; a partial hour expects a third.
	early := storm.Add(20 * time.Minute)
	got, err := e.Evaluate(context.Background(), early)
	if err != nil || len(got) != 1 {
		t.Fatalf("Evaluate(14:20) = %v, %v; want one alert", kinds(got), err)
	}
	if got[0].Expected > 2 || !got[0].WindowEnd.Equal(storm.Add(time.Hour)) {
		t.Errorf("partial window expects %v by %s, window end %s; want a third of the hour's few", got[0].Expected, early, got[0].WindowEnd)
	}
	later, err := e.Evaluate(context.Background(), storm.Add(time.Hour))
	if err != nil || countKind(later, model.AlertFiring, "") != 0 {
		t.Errorf("Evaluate at the end of the same storm hour = %v, %v; want no second alert", kinds(later), err)
	}
}

func TestIncompleteWindowIsFlaggedNotTrusted(t *testing.T) {
	st := stormStore(t, storm)
	st.AddRuns(
		model.CrawlRun{Source: "reviews", Started: storm.Add(-time.Hour), Finished: storm.Add(-time.Hour), New: 5},
		model.CrawlRun{Source: "forum", Started: storm.Add(10 * time.Minute), Finished: storm.Add(11 * time.Minute), Err: "GET https://forum.example: 503"},
	)
	e := newEvaluator(t, st, nil, alerts.DefaultRules([]string{"acme"}))
	got, err := e.Evaluate(context.Background(), storm.Add(time.Hour))
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	vol := countKind(got, model.AlertFiring, alerts.NegativeVolume)
	share := countKind(got, model.AlertFiring, alerts.NegativeShare)
	if vol != 2 || share != 0 {
		t.Fatalf("incomplete window gave %d volume and %d share alerts, want 2 (1h and 3h, flagged) and 0 (not trusted)", vol, share)
	}
	for _, a := range got {
		if !a.Incomplete || !strings.Contains(a.Summary, "forum") {
			t.Errorf("alert %s incomplete=%v summary %q; want flagged, naming the failing source", a.Rule, a.Incomplete, a.Summary)
		}
	}
}

func TestBySourceAndAspectScopes(t *testing.T) {
	st := stormStore(t, storm)
	rules := []alerts.Rule{
		{Name: "by-aspect", Detector: alerts.NegativeVolume, Brands: []string{"acme"}, By: "aspect", MinTotal: 5},
		{Name: "by-source", Detector: alerts.NegativeVolume, Brands: []string{"acme"}, By: "source", MinTotal: 5},
	}
	e, err := alerts.NewEvaluator(st, st.EachMention, alerts.Options{Rules: rules,
		BrandSources: map[string][]string{"acme": {"reviews", "forum"}}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.Evaluate(context.Background(), storm.Add(time.Hour))
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	var scopes []string
	for _, a := range got {
		scopes = append(scopes, a.Rule+":"+a.Aspect+a.Source)
	}
	// forum has 60 hours of calm history, so its share of the storm stands
	// out; reviews appears for the first time in the storm: no baseline, no alert.
	for _, want := range []string{"by-aspect:delivery", "by-source:forum"} {
		if !slices.Contains(scopes, want) {
			t.Errorf("scoped alerts %v, want %s", scopes, want)
		}
	}
	for _, bad := range []string{"by-aspect:price", "by-source:reviews"} {
		if slices.Contains(scopes, bad) {
			t.Errorf("scoped alerts %v include %s (calm, or without history)", scopes, bad)
		}
	}
}

// TestEvaluateSeesNewDataDespiteCache: Evaluate keeps settled history between
// calls; mentions arriving for recent hours must still be seen.
func TestEvaluateSeesNewDataDespiteCache(t *testing.T) {
	st := alertstest.NewMemStore()
	tr := traffic{brand: "acme", neg: 4, all: 40}
	tr.fill(st, rand.New(rand.NewPCG(3, 4)), storm.Add(-28*24*time.Hour), 28*24)
	e := newEvaluator(t, st, nil, []alerts.Rule{{Detector: alerts.NegativeVolume, Brands: []string{"acme"}}})
	if got, err := e.Evaluate(context.Background(), storm); err != nil || len(got) != 0 {
		t.Fatalf("Evaluate before the storm = %v, %v; want nothing", kinds(got), err)
	}
	reads := st.BucketReads
	st.AddBucket(model.Bucket{Brand: "acme", Hour: storm, Counts: [3]int64{50, 10, 10}})
	got, err := e.Evaluate(context.Background(), storm.Add(time.Hour))
	if err != nil || countKind(got, model.AlertFiring, "") != 1 {
		t.Fatalf("Evaluate after the storm arrived = %v, %v; want it to fire", kinds(got), err)
	}
	if st.BucketReads-reads != 1 {
		t.Errorf("second Evaluate read rollups %d times, want once (the recent hours only)", st.BucketReads-reads)
	}
}

// TestSeverityRiseRenotifiesOnlyUpwards: a storm that grows is announced
// again at the higher severity; while it stays up, nothing more is sent.
func TestSeverityRiseRenotifiesOnlyUpwards(t *testing.T) {
	st := alertstest.NewMemStore()
	tr := traffic{brand: "acme", neg: 10, all: 100}
	tr.fill(st, rand.New(rand.NewPCG(21, 22)), storm.Add(-28*24*time.Hour), 28*24)
	for i, neg := range []int64{24, 70, 30} {
		st.AddBucket(model.Bucket{Brand: "acme", Hour: storm.Add(time.Duration(i) * time.Hour), Counts: [3]int64{neg, 60, 30}})
	}
	e := newEvaluator(t, st, nil, []alerts.Rule{{Detector: alerts.NegativeVolume, Brands: []string{"acme"}}})
	var sevs []int
	for h := 1; h <= 3; h++ {
		got, err := e.Evaluate(context.Background(), storm.Add(time.Duration(h)*time.Hour))
		if err != nil {
			t.Fatalf("Evaluate: %v", err)
		}
		for _, a := range got {
			sevs = append(sevs, a.Severity)
			t.Logf("%s", a.Summary)
		}
	}
	if len(sevs) != 2 || sevs[0] >= sevs[1] {
		t.Errorf("severities notified = %v, want two, rising (the third, lower hour stays quiet)", sevs)
	}
}

// The volume and share tests both see the storm: the second alert follows
// up the first (notifiers thread it) instead of standing alone, in a live
// evaluation as in a replay.
func TestSecondRuleOnTheSameStormFollowsUp(t *testing.T) {
	st := stormStore(t, storm)
	e := newEvaluator(t, st, nil, alerts.DefaultRules([]string{"acme"}))
	got, err := e.Evaluate(context.Background(), storm.Add(time.Hour))
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	replayed, err := newEvaluator(t, stormStore(t, storm), nil, alerts.DefaultRules([]string{"acme"})).
		Replay(context.Background(), storm.Add(time.Hour), storm.Add(time.Hour), time.Hour)
	if err != nil {
		t.Fatalf("Replay: %v", err)
	}
	for name, as := range map[string][]model.Alert{"evaluate": got, "replay": replayed} {
		vol := slices.IndexFunc(as, func(a model.Alert) bool { return a.Detector == alerts.NegativeVolume })
		share := slices.IndexFunc(as, func(a model.Alert) bool { return a.Detector == alerts.NegativeShare })
		if vol < 0 || share < 0 {
			t.Fatalf("%s: %v, want both the volume and the share alert", name, kinds(as))
		}
		first, second := as[min(vol, share)], as[max(vol, share)]
		if first.FollowsUp != "" || second.FollowsUp != first.ID {
			t.Errorf("%s: first follows up %q, second %q; want the second to follow up %q", name, first.FollowsUp, second.FollowsUp, first.ID)
		}
	}
}
