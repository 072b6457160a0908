package alertstest

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/internal/model"
)

// HostileAlert is a firing alert whose untrusted parts (brand, terms,
// sources, example texts and links) try every trick a troll has: Slack
// mentions, disguised links, HTML, javascript: URLs and oversize text.
func HostileAlert() model.Alert {
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	return model.Alert{
		ID: "0123456789abcdef0123456789abcdef", Kind: model.AlertFiring, Rule: "negative_volume",
		Brand: "Acme <!channel>", Detector: alerts.NegativeVolume, DetectorVersion: alerts.DetectorVersion,
		ConfigHash: "c0ffee", Severity: 2, WindowStart: at, WindowEnd: at.Add(time.Hour),
		Observed: 42, Expected: 9.5, Share: 0.61, BaselineShare: 0.22, PValue: 3.2e-11,
		Incomplete: true,
		Summary:    "Acme <!channel>: 42 negative mentions vs 9.5 expected <@U123>",
		TopTerms: []model.TermLift{{Term: "refund", Count: 17, Lift: 6.2}, {Term: "<!here>", Count: 3, Lift: 2},
			{Term: "<http://evil.example|bank>", Count: 2, Lift: 1.5}},
		TopAspects: []model.TermLift{{Term: "delivery", Count: 20, Lift: 3.1}},
		TopSources: []model.TermLift{{Term: "reviews & <b>co</b>", Count: 30, Lift: 2.4}},
		Examples: []model.AlertExample{
			{MentionID: "m1", URL: "https://reviews.example/r/1?a=1&b=<2>|x", Source: "reviews", Score: -0.93,
				Text: "<!channel> worst service ever, <@U123> <http://evil.example|your bank> asks for your password & more"},
			{MentionID: "m2", URL: "javascript:alert(1)", Source: "forum", Score: -0.88, Text: "*bold* _under_ ~strike~ `code` <!subteam^S1>"},
			{MentionID: "m3", URL: "https://forum.example/t/3", Source: "forum", Score: -0.8, Text: strings.Repeat("long complaint ", 400)},
		},
		DashboardURL: "https://earshot.example/mentions?brand=Acme&label=negative",
		CreatedAt:    at.Add(30 * time.Minute),
	}
}

// AssertNotifyLeaksNoSecret calls n.Notify (set up by the caller to fail:
// a server answering errors, an unreachable URL) and fails t if the error,
// the ref, or anything in logs contains one of secrets, raw or URL-escaped.
// It returns the error so the caller can check its classification.
func AssertNotifyLeaksNoSecret(t testing.TB, n alerts.Notifier, logs *strings.Builder, secrets ...string) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ref, _, err := n.Notify(ctx, HostileAlert(), model.Delivery{AlertID: "0123456789abcdef0123456789abcdef", Channel: "test"})
	if err == nil {
		t.Fatalf("Notify succeeded; the test must make it fail to check its error")
	}
	for _, s := range secrets {
		if s == "" {
			t.Fatalf("AssertNotifyLeaksNoSecret: empty secret")
		}
		for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			for where, text := range map[string]string{"error": err.Error(), "ref": ref, "logs": logs.String()} {
				if strings.Contains(text, form) {
					t.Errorf("%s leaks a secret (%q): %s", where, form, text)
				}
			}
		}
	}
	return err
}
