package slack

import (
	"fmt"
	"strings"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/internal/model"
	slackapi "github.com/slack-go/slack"
)

// Message returns the Block Kit blocks and the plain-text fallback (shown in
// notifications and by clients without blocks) for a.
func Message(a model.Alert) ([]slackapi.Block, string) { return message(a, true) }

// Reply is Message for an alert posted in the thread of another about the
// same storm: the numbers of its own test, without the terms and examples
// the thread's first message already shows.
func Reply(a model.Alert) ([]slackapi.Block, string) { return message(a, false) }

func message(a model.Alert, details bool) ([]slackapi.Block, string) {
	blocks := []slackapi.Block{
		slackapi.NewHeaderBlock(plain(cut(esc(title(a)), maxHeader))),
		section(cut(headline(a), maxSection)),
	}
	if a.Kind == model.AlertFiring && details {
		if f := fields(a); len(f) > 0 {
			blocks = append(blocks, slackapi.NewSectionBlock(nil, f, nil))
		}
		blocks = append(blocks, examples(a, maxBlocks-len(blocks)-3)...)
	}
	if a.DashboardURL != "" && link(a.DashboardURL, "x") != "x" {
		btn := slackapi.NewButtonBlockElement("open_dashboard", a.ID, plain("Open in earshot")).WithURL(a.DashboardURL)
		blocks = append(blocks, slackapi.NewActionBlock("actions", btn))
	}
	ctx := fmt.Sprintf("rule %s · alert %s · %s · config %s", esc(a.Rule), esc(a.ID), esc(a.DetectorVersion), esc(a.ConfigHash))
	blocks = append(blocks, slackapi.NewContextBlock("meta", markdown(cut(ctx, maxSection))))
	return blocks, cut(esc(fallback(a)), maxSection)
}

func plain(s string) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.PlainTextType, s, true, false)
}

// markdown is mrkdwn text with verbatim on: Slack does not turn bare URLs
// or channel names into links on its own.
func markdown(s string) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.MarkdownType, s, false, true)
}

func section(s string) *slackapi.SectionBlock { return slackapi.NewSectionBlock(markdown(s), nil, nil) }

var severityIcon = map[int]string{1: "⚠️", 2: "🚨", 3: "🔥"}

// title is the unescaped header line.
func title(a model.Alert) string {
	scope := strings.Join(nonEmpty(a.Brand, a.Aspect, a.Source), " / ")
	switch {
	case a.Kind == model.AlertResolved:
		return "✅ Resolved: " + scope
	case a.Kind == model.AlertTest:
		return "earshot test alert"
	case a.Detector == alerts.SourceFailing:
		return severityIcon[a.Severity] + " Source failing: " + a.Source
	case a.Detector == alerts.SourceSilent:
		return severityIcon[a.Severity] + " Source silent: " + a.Source
	case a.Detector == alerts.NegativeShare:
		return severityIcon[a.Severity] + " Negative share up: " + scope
	}
	return severityIcon[a.Severity] + " Negative spike: " + scope
}

// headline is the escaped mrkdwn body: observed vs expected, share vs
// baseline, the test and its p-value.
func headline(a model.Alert) string {
	if a.Kind != model.AlertFiring {
		return esc(a.Summary)
	}
	window := a.WindowStart.UTC().Format("Jan 2 15:04") + "–" + a.WindowEnd.UTC().Format("15:04 UTC")
	lines := []string{
		fmt.Sprintf("*%.0f* negative mentions in %s, *%.1f* expected", a.Observed, window, a.Expected),
		fmt.Sprintf("Negative share *%.0f%%*, usually %.0f%%", 100*a.Share, 100*a.BaselineShare),
		fmt.Sprintf("Test: %s, p = %.2g · severity %d/3", esc(a.Detector), a.PValue, a.Severity),
	}
	if a.Incomplete {
		lines = append(lines, "⚠️ Incomplete window: a source of this brand is failing, so counts are a lower bound.")
	}
	return strings.Join(lines, "\n")
}

// fields lists top terms, aspects and sources.
func fields(a model.Alert) []*slackapi.TextBlockObject {
	var out []*slackapi.TextBlockObject
	for _, f := range []struct {
		name  string
		terms []model.TermLift
	}{{"Top terms", a.TopTerms}, {"Aspects", a.TopAspects}, {"Sources", a.TopSources}} {
		if len(f.terms) == 0 {
			continue
		}
		var parts []string
		for _, t := range f.terms {
			parts = append(parts, fmt.Sprintf("%s (%d, %.1fx)", esc(t.Term), t.Count, t.Lift))
		}
		out = append(out, markdown(cut("*"+f.name+"*\n"+strings.Join(parts, ", "), maxField)))
	}
	return out
}

// examples quotes the most negative mentions, at most room blocks.
func examples(a model.Alert, room int) []slackapi.Block {
	if len(a.Examples) == 0 || room < 2 {
		return nil
	}
	out := []slackapi.Block{slackapi.NewDividerBlock()}
	for _, ex := range a.Examples[:min(len(a.Examples), room-1)] {
		text := strings.Join(strings.Fields(ex.Text), " ")
		body := fmt.Sprintf("> %s\n_%s_ · score %.2f · %s", cut(esc(text), 600), esc(ex.Source), ex.Score, link(ex.URL, "open"))
		out = append(out, section(cut(body, maxSection)))
	}
	return out
}

// fallback is the unescaped plain-text version of the message.
func fallback(a model.Alert) string {
	s := title(a) + ": " + a.Summary
	if a.DashboardURL != "" {
		s += " " + a.DashboardURL
	}
	return s
}

func nonEmpty(xs ...string) []string {
	var out []string
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}
