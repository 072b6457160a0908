package alerts_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/internal/model"
)

// storedAlerts reads alerts written by an earlier version of the detectors
// (testdata/storm_alerts.json, from TestEvaluateFiresExplainsAndQueuesOnce's storm).
func storedAlerts(tb testing.TB) []model.Alert {
	tb.Helper()
	raw, err := os.ReadFile("testdata/storm_alerts.json")
	if err != nil {
		tb.Fatal(err)
	}
	var as []model.Alert
	if err := json.Unmarshal(raw, &as); err != nil {
		tb.Fatalf("decode stored alerts: %v", err)
	}
	return as
}

// TestStoredAlertsRedetectExactly: the inputs stored with an alert give back
// its numbers exactly. If this fails after a change to the detectors, the
// change must bump DetectorVersion (and this fixture).
func TestStoredAlertsRedetectExactly(t *testing.T) {
	for _, a := range storedAlerts(t) {
		t.Run(a.Detector, func(t *testing.T) {
			if a.DetectorVersion != alerts.DetectorVersion {
				t.Fatalf("fixture from detector version %s, code is %s: regenerate it", a.DetectorVersion, alerts.DetectorVersion)
			}
			r, err := alerts.Redetect(a.Inputs)
			if err != nil {
				t.Fatalf("Redetect: %v", err)
			}
			if r.Observed != a.Observed || r.Expected != a.Expected || r.PValue != a.PValue || r.Share != a.Share ||
				r.BaselineShare != a.BaselineShare || r.Severity != a.Severity || !r.Fires {
				t.Errorf("Redetect = %+v, want the stored %v/%v p=%v severity %d", r, a.Observed, a.Expected, a.PValue, a.Severity)
			}
		})
	}
}

func TestRedetectRejectsBadInputs(t *testing.T) {
	for _, raw := range []string{``, `{}`, `{"detector":"negative_volume"}`, `{"detector":"x","negative":[1]}`,
		`{"detector":"negative_volume","series_start":"2026-01-01T00:00:00Z","window_start":"2026-01-02T00:00:00Z","window_end":"2026-01-02T01:00:00Z","negative":[1,2],"scored":[1,2]}`} {
		if _, err := alerts.Redetect([]byte(raw)); err == nil {
			t.Errorf("Redetect(%s) = nil error, want ErrBadInputs", raw)
		}
	}
}

// FuzzRedetect: stored inputs are read back from the database; whatever
// they hold, Redetect returns an error or a finite verdict, never a panic.
func FuzzRedetect(f *testing.F) {
	for _, a := range storedAlerts(f) {
		f.Add(a.Inputs)
	}
	f.Add([]byte(`{"detector":"negative_share","alpha":0.001,"min_lift":1.5,"series_start":"2026-01-01T00:00:00Z","window_start":"2026-01-02T00:00:00Z","window_end":"2026-01-02T01:00:00Z","negative":[` + zeros(24) + `5],"scored":[` + zeros(24) + `-3]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, err := alerts.Redetect(raw)
		if err != nil {
			return
		}
		if r.PValue < 0 || r.PValue > 1 || r.PValue != r.PValue {
			t.Fatalf("p-value %v out of [0, 1]", r.PValue)
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatalf("verdict does not encode: %v", err)
		}
	})
}

func zeros(n int) string {
	s := ""
	for range n {
		s += "0,"
	}
	return s
}

// BenchmarkRedetect decodes stored inputs (four weeks of hourly counts) and
// runs the volume detector: the per-scope cost of evaluation plus decoding.
func BenchmarkRedetect(b *testing.B) {
	a := storedAlerts(b)[0]
	for b.Loop() {
		if _, err := alerts.Redetect(a.Inputs); err != nil {
			b.Fatal(err)
		}
	}
}
