package alerts_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/alerts/alertstest"
	"github.com/earshot/earshot/internal/model"
)

// A storm that fires on the current (partial) hour must not be resolved by
// judging the two hours *before* the storm.
func TestResolveNeverJudgesTheHoursBeforeTheStorm(t *testing.T) {
	st := alertstest.NewMemStore()
	tr := traffic{brand: "acme", neg: 4, all: 40}
	tr.fill(st, rand.New(rand.NewPCG(3, 4)), storm.Add(-28*24*time.Hour), 28*24)
	// 14 negatives in the first minutes of the storm hour, then quiet.
	for i := range 9 {
		st.PutMentions(mention(fmt.Sprint("s", i), "reviews", "refund never came", model.Negative, -0.8, storm.Add(time.Duration(i)*10*time.Second)))
	}
	for i := range 5 {
		st.PutMentions(mention(fmt.Sprint("n", i), "reviews", "ok", model.Neutral, 0, storm.Add(time.Duration(i)*10*time.Second)))
	}
	rules := []alerts.Rule{{Name: "vol", Detector: alerts.NegativeVolume, Brands: []string{"acme"}}}
	e := newEvaluator(t, st, nil, rules)
	fired, err := e.Evaluate(context.Background(), storm.Add(5*time.Minute))
	if err != nil || len(fired) != 1 || fired[0].Kind != model.AlertFiring {
		t.Fatalf("at 14:05: %+v %v; want one firing alert", fired, err)
	}
	t.Logf("fired:    %s", fired[0].Summary)
	later, err := e.Evaluate(context.Background(), storm.Add(55*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range later {
		t.Logf("14:55 -> %s: %s", a.Kind, a.Summary)
		if a.Kind == model.AlertResolved {
			t.Errorf("resolved at 14:55, inside the storm hour, judging window %s..%s which ends before the alert's window %s..%s (9 negatives vs ~4/h still in progress)",
				a.WindowStart.Format("15:04"), a.WindowEnd.Format("15:04"), fired[0].WindowStart.Format("15:04"), fired[0].WindowEnd.Format("15:04"))
		}
	}
}
