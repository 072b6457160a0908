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

// A resolve notice says the storm is over (and Slack marks the thread's
// first message resolved) only when no rule is still firing in its thread.
// With the 3h rule beside the 1h one, the first rule to resolve is rarely
// the last, and the first message was marked "back to normal" while the
// thread still fired. Found in review (its replay of the simulated week).
func TestStormOverOnlyWhenEveryRuleInTheThreadResolved(t *testing.T) {
	st := alertstest.NewMemStore()
	r := rand.New(rand.NewPCG(11, 12))
	week := t0.Add(28 * 24 * time.Hour)
	stormAt := week.Add(3*24*time.Hour + 15*time.Hour)
	var brands []string
	for i := range 20 {
		b := fmt.Sprintf("brand%02d", i)
		brands = append(brands, b)
		tr := traffic{brand: b, neg: 2 + float64(i), all: 20 + 10*float64(i), diurnal: 0.5}
		if i == 7 {
			tr.stepAt, tr.stepNeg, tr.stepEnd = stormAt, 3, stormAt.Add(6*time.Hour)
		}
		tr.fill(st, r, t0, 28*24+7*24)
	}
	e := newEvaluator(t, st, nil, alerts.DefaultRules(brands))
	got, err := e.Replay(context.Background(), week, week.Add(7*24*time.Hour-time.Hour), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]model.Alert{}
	for _, a := range got {
		byID[a.ID] = a
	}
	root := func(a model.Alert) string {
		for a.FollowsUp != "" {
			a = byID[a.FollowsUp]
		}
		return a.ID
	}
	open := map[string]map[string]bool{} // thread root -> rules firing in it, not yet resolved
	over := map[string]int{}             // thread root -> resolves that said the storm is over
	for _, a := range got {
		switch a.Kind {
		case model.AlertFiring:
			rt := root(a)
			if open[rt] == nil {
				open[rt] = map[string]bool{}
			}
			open[rt][a.Rule] = true // an escalation of the same rule replaces its earlier alert
		case model.AlertResolved:
			f := byID[a.Resolves]
			rt := root(f)
			delete(open[rt], f.Rule)
			switch {
			case a.StormOver && len(open[rt]) > 0:
				t.Errorf("%s: %s resolved at %s says the storm is over while %v still fire in its thread",
					f.Brand, f.Rule, a.CreatedAt.Format(time.DateTime), open[rt])
			case !a.StormOver && len(open[rt]) == 0:
				t.Errorf("%s: %s resolved at %s, the last rule of its thread, without saying the storm is over",
					f.Brand, f.Rule, a.CreatedAt.Format(time.DateTime))
			case a.StormOver:
				over[rt]++
			}
		}
	}
	if len(over) == 0 {
		t.Error("no resolve in the week said its storm was over")
	}
}
