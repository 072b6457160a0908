package alerts

import (
	"testing"
	"time"

	"github.com/earshot/earshot/internal/model"
)

func TestDecide(t *testing.T) {
	at := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	r := Rule{Detector: NegativeVolume}.withDefaults()
	fire := func(sev int) Result { return Result{Fires: true, Severity: sev} }
	calm := Result{Normal: true}
	busy := Result{} // not firing, not clearly normal either
	firing := model.AlertState{Firing: true, Severity: 1, LastFiredAt: at.Add(-2 * time.Hour), LastAlertID: "a1"}
	resolvedAgo := func(d time.Duration, sev int) model.AlertState {
		return model.AlertState{Severity: sev, LastFiredAt: at.Add(-d), ResolvedAt: at.Add(-d / 2)}
	}
	tests := []struct {
		name      string
		st        model.AlertState
		cur, prev Result
		havePrev  bool
		wantKind  model.AlertKind
		wantSev   int
	}{
		{"first fire", model.AlertState{}, fire(1), fire(1), true, model.AlertFiring, 1},
		{"still firing, same severity: quiet", firing, fire(1), fire(1), true, "", 0},
		{"still firing, lower severity: quiet", model.AlertState{Firing: true, Severity: 2, LastFiredAt: at.Add(-2 * time.Hour)}, fire(1), fire(1), true, "", 0},
		{"firing state a day old: a new storm (the resolve was missed while down)", model.AlertState{Firing: true, Severity: 2, LastFiredAt: at.Add(-25 * time.Hour)}, fire(1), fire(1), true, model.AlertFiring, 1},
		{"severity rises: re-notify", firing, fire(2), fire(2), true, model.AlertFiring, 2},
		{"refire inside cooldown: suppressed", resolvedAgo(30*time.Minute, 1), fire(1), fire(1), true, "", 0},
		{"refire after cooldown", resolvedAgo(61*time.Minute, 1), fire(1), fire(1), true, model.AlertFiring, 1},
		{"refire inside cooldown but worse", resolvedAgo(30*time.Minute, 1), fire(3), fire(3), true, model.AlertFiring, 3},
		{"back to normal: resolve", firing, calm, calm, true, model.AlertResolved, 1},
		{"calm now, last complete window still busy: wait", firing, calm, busy, true, "", 0},
		{"no complete window to judge: wait", firing, calm, calm, false, "", 0},
		{"calm but incomplete: not trusted", firing, Result{Normal: true, Incomplete: true}, calm, true, "", 0},
		{"last window calm but incomplete: not trusted", firing, calm, Result{Normal: true, Incomplete: true}, true, "", 0},
		{"calm and not firing: nothing", model.AlertState{}, calm, calm, true, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, sev := decide(r, tt.st, tt.cur, tt.prev, tt.havePrev, at)
			if kind != tt.wantKind || sev != tt.wantSev {
				t.Errorf("decide(%+v, cur %+v, prev %+v) = %q/%d, want %q/%d", tt.st, tt.cur, tt.prev, kind, sev, tt.wantKind, tt.wantSev)
			}
		})
	}
}

func TestSeverity(t *testing.T) {
	tests := []struct {
		p, lift float64
		want    int
	}{
		{5e-4, 1.6, 1}, {5e-6, 1.8, 1}, {5e-6, 2.1, 2}, {5e-8, 2.5, 2}, {5e-8, 3.2, 3}, {5e-4, 5, 1},
	}
	for _, tt := range tests {
		if got := severity(tt.p, tt.lift, 0.001); got != tt.want {
			t.Errorf("severity(%g, %g, 0.001) = %d, want %d", tt.p, tt.lift, got, tt.want)
		}
	}
}

func TestRuleDefaultsAndValidation(t *testing.T) {
	rs := DefaultRules([]string{"acme", "globex"})
	if len(rs) != 4 || rs[0].Detector != NegativeVolume || rs[1].Detector != NegativeVolume || rs[1].Window != 3*time.Hour ||
		rs[2].Detector != NegativeShare || rs[3].Detector != SourceHealth {
		t.Fatalf("DefaultRules = %+v, want volume (1h and 3h), share and source health", rs)
	}
	r := rs[0]
	if r.Window != time.Hour || r.MinNegative != 5 || r.MinTotal != 10 || r.MinLift != 1.5 || r.Cooldown != time.Hour || r.alpha() != 0.001 {
		t.Errorf("default rule = %+v, want 1h window, 5/10 minimum, lift 1.5, 60m cooldown, p < 0.001", r)
	}
	if len(rs[3].Brands) != 0 || len(rs[0].Brands) != 2 {
		t.Errorf("brands: volume %v, health %v; want both brands and none", rs[0].Brands, rs[3].Brands)
	}
	for _, bad := range []Rule{
		{Detector: "spike"}, {Detector: NegativeVolume, By: "lang"}, {Detector: NegativeVolume, Sensitivity: "max"},
	} {
		if err := bad.withDefaults().validate(); err == nil {
			t.Errorf("validate(%+v) = nil, want an error", bad)
		}
	}
	if got := (Rule{Detector: NegativeShare, Window: 90 * time.Minute}).withDefaults().Window; got != 2*time.Hour {
		t.Errorf("window 90m rounds to %s, want 2h", got)
	}
}

// A window under the minimum counts cannot fire, but a strong one is not
// "back to normal" either: resolving on it would tell a manager a storm is
// over while it goes on at a lower volume.
func TestStrongWindowBelowMinimumsIsNotNormal(t *testing.T) {
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	hours := 21 * 24
	neg, all := make([]int64, hours+1), make([]int64, hours+1)
	for i := range hours {
		all[i] = 4
		if i%4 == 0 {
			neg[i] = 1
		}
	}
	end := start.Add(time.Duration(hours+1) * time.Hour)
	in := Inputs{Detector: NegativeVolume, Version: DetectorVersion, Alpha: 0.001, MinNegative: 5, MinTotal: 10, MinLift: 1.5,
		At: end, SeriesStart: start, WindowStart: end.Add(-time.Hour), WindowEnd: end, Negative: neg, Scored: all}
	for _, tc := range []struct {
		neg, all  int64
		fires, ok bool // ok: normal
	}{
		{6, 7, false, false},  // strong, but under min_total: neither fires nor resolves
		{12, 14, true, false}, // a storm
		{0, 4, false, true},   // calm
	} {
		neg[hours], all[hours] = tc.neg, tc.all
		r, err := Detect(in)
		if err != nil {
			t.Fatal(err)
		}
		if r.Fires != tc.fires || r.Normal != tc.ok {
			t.Errorf("%d of %d negative: fires %v normal %v (p=%.2g), want fires %v normal %v", tc.neg, tc.all, r.Fires, r.Normal, r.PValue, tc.fires, tc.ok)
		}
	}
}
