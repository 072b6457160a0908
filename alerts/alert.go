package alerts

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/earshot/earshot/internal/model"
)

// AlertID is the idempotency key of an alert: the same rule, scope, window,
// kind and severity always give the same ID, so evaluating twice (or a
// replay) never queues the same alert twice.
func AlertID(rule, brand, aspect, source string, windowStart, windowEnd time.Time, kind model.AlertKind, severity int) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%d", rule, brand, aspect, source,
		windowStart.UTC().Format(time.RFC3339), windowEnd.UTC().Format(time.RFC3339), kind, severity)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// finish sets the alert's ID, summary and dashboard link.
func (e *Evaluator) finish(a model.Alert, incomplete []string) model.Alert {
	a.ID = AlertID(a.Rule, a.Brand, a.Aspect, a.Source, a.WindowStart, a.WindowEnd, a.Kind, a.Severity)
	a.Summary = summary(a, incomplete)
	a.DashboardURL = dashboardLink(e.opts.DashboardURL, a)
	return a
}

// scopeName is "brand", "brand / aspect" or "brand / source".
func scopeName(a model.Alert) string {
	parts := []string{}
	for _, p := range []string{a.Brand, a.Aspect, a.Source} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " / ")
}

// summary is the one plain line that explains the alert in logs and fallbacks.
func summary(a model.Alert, incomplete []string) string {
	window := a.WindowStart.Format("2006-01-02 15:04") + "–" + a.WindowEnd.Format("15:04 MST")
	var s string
	switch {
	case a.Kind == model.AlertResolved:
		s = fmt.Sprintf("%s: %s back to normal in %s (%.0f negative, %.1f expected)", scopeName(a), a.Detector, window, a.Observed, a.Expected)
	case a.Detector == NegativeShare:
		s = fmt.Sprintf("%s: %.0f%% of mentions negative in %s vs %.0f%% usually (%.0f of %.0f, p=%.2g, negative_share)",
			scopeName(a), 100*a.Share, window, 100*a.BaselineShare, a.Observed, a.Observed/max(a.Share, 1e-12), a.PValue)
	default:
		s = fmt.Sprintf("%s: %.0f negative mentions in %s vs %.1f expected (%.1fx, p=%.2g, negative_volume)",
			scopeName(a), a.Observed, window, a.Expected, ratio(a.Observed, a.Expected), a.PValue)
	}
	if len(incomplete) > 0 {
		s += "; incomplete: failing " + strings.Join(incomplete, ", ")
	}
	return s
}

// dashboardLink points at the window's negative mentions in the web UI.
func dashboardLink(base string, a model.Alert) string {
	u, err := url.Parse(base)
	if base == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	q := url.Values{}
	if a.Brand != "" {
		q.Set("brand", a.Brand)
	}
	if a.Source != "" {
		q.Set("source", a.Source)
	}
	if a.Kind != model.AlertSource {
		q.Set("label", string(model.Negative))
	}
	q.Set("since", a.WindowStart.UTC().Format(time.RFC3339))
	q.Set("until", a.WindowEnd.UTC().Format(time.RFC3339))
	// The read-only API serves these mentions today (JSON, readable in a
	// browser); the dashboard will take the same query when it comes.
	return strings.TrimRight(u.String(), "/") + "/api/mentions?" + q.Encode()
}

// nextState is the rule state after a has been queued at at.
func nextState(st model.AlertState, a model.Alert, at time.Time) model.AlertState {
	st.LastAlertID = a.ID
	switch a.Kind {
	case model.AlertResolved:
		st.Firing, st.ResolvedAt = false, at
	default:
		st.Firing, st.Severity, st.LastFiredAt = true, a.Severity, at
	}
	return st
}

// TestAlert is the message `earshot alerts test` sends through every
// notifier (directly with Notify, or queued with EnqueueAlert) to check the
// wiring. Its ID depends on at, so each test is a new message.
func TestAlert(at time.Time, dashboardURL string) model.Alert {
	a := model.Alert{
		Kind: model.AlertTest, Rule: "test", Detector: "test", DetectorVersion: DetectorVersion,
		WindowStart: at.UTC(), WindowEnd: at.UTC(), CreatedAt: at.UTC(),
		Summary: "earshot can reach this channel: alerts will arrive here.",
	}
	a.ID = AlertID(a.Rule, "", "", "", a.WindowStart, a.WindowEnd, a.Kind, 0)
	a.DashboardURL = dashboardLink(dashboardURL, a)
	return a
}
