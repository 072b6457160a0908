package slack_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/earshot/earshot/alerts/alertstest"
	"github.com/earshot/earshot/alerts/slack"
	"github.com/earshot/earshot/internal/model"
	slackapi "github.com/slack-go/slack"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func TestMessageGolden(t *testing.T) {
	resolved := alertstest.HostileAlert()
	resolved.Kind, resolved.Resolves, resolved.Summary = model.AlertResolved, "0123", "Acme <!channel>: back to normal <@U123>"
	for name, a := range map[string]model.Alert{"hostile": alertstest.HostileAlert(), "resolved": resolved} {
		t.Run(name, func(t *testing.T) {
			blocks, text := slack.Message(a)
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false) // keep the golden file readable: & < > as Slack receives them
			enc.SetIndent("", "  ")
			if err := enc.Encode(map[string]any{"text": text, "blocks": slackapi.Blocks{BlockSet: blocks}}); err != nil {
				t.Fatalf("marshal: %v", err)
			}
			got := buf.Bytes()
			path := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden (run with -update to create): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Message(%s) differs from %s:\n%s", name, path, got)
			}
			checkInert(t, "message", string(got))
		})
	}
}

// linkRE matches every <...> Slack would interpret in mrkdwn.
var linkRE = regexp.MustCompile(`<[^>]*>`)

func TestMessageOnlyLinksHTTP(t *testing.T) {
	blocks, text := slack.Message(alertstest.HostileAlert())
	raw, _ := json.Marshal(slackapi.Blocks{BlockSet: blocks})
	var decoded any
	_ = json.Unmarshal(raw, &decoded)
	for _, s := range append(strings_(decoded), text) {
		for _, l := range linkRE.FindAllString(s, -1) {
			if !strings.HasPrefix(l, "<https://") && !strings.HasPrefix(l, "<http://") {
				t.Errorf("text %q contains a Slack control sequence %s", s, l)
			}
			if strings.Contains(l, "evil") {
				t.Errorf("disguised link survived: %s", l)
			}
		}
	}
}

// strings_ collects every string inside a decoded JSON value.
func strings_(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			out = append(out, strings_(x)...)
		}
		return out
	case map[string]any:
		var out []string
		for _, x := range v {
			out = append(out, strings_(x)...)
		}
		return out
	}
	return nil
}

func TestMessageWithinLimits(t *testing.T) {
	a := alertstest.HostileAlert()
	a.Brand = strings.Repeat("<Brand & Co> ", 40)
	for i := range 80 {
		a.Examples = append(a.Examples, model.AlertExample{MentionID: "x", Source: strings.Repeat("&", 500),
			Text: strings.Repeat("<!channel> & ", 1000), URL: "https://x.example/" + strings.Repeat("a", i)})
		a.TopTerms = append(a.TopTerms, model.TermLift{Term: strings.Repeat("<>&", 300), Count: 1, Lift: 2})
	}
	blocks, text := slack.Message(a)
	if len(blocks) > 50 {
		t.Errorf("%d blocks, want <= 50", len(blocks))
	}
	if n := utf8.RuneCountInString(text); n > 3000 {
		t.Errorf("fallback text of %d characters, want <= 3000", n)
	}
	for i, b := range blocks {
		switch b := b.(type) {
		case *slackapi.HeaderBlock:
			if n := utf8.RuneCountInString(b.Text.Text); n > 150 {
				t.Errorf("block %d: header of %d characters, want <= 150", i, n)
			}
		case *slackapi.SectionBlock:
			if b.Text != nil && utf8.RuneCountInString(b.Text.Text) > 3000 {
				t.Errorf("block %d: section of %d characters, want <= 3000", i, utf8.RuneCountInString(b.Text.Text))
			}
			for _, f := range b.Fields {
				if utf8.RuneCountInString(f.Text) > 2000 {
					t.Errorf("block %d: field of %d characters, want <= 2000", i, utf8.RuneCountInString(f.Text))
				}
			}
		}
	}
	raw, _ := json.Marshal(slackapi.Blocks{BlockSet: blocks})
	checkInert(t, "oversize message", string(raw))
	// A cut never leaves half an entity behind.
	if regexp.MustCompile(`&[a-z]{0,3}…`).Match(raw) {
		t.Errorf("a cut split an HTML entity: %s", raw)
	}
}

func FuzzMessage(f *testing.F) {
	for _, s := range []string{"<!channel>", "<http://evil|bank> & <@U1>", "plain", "&amp;<<>>", strings.Repeat("é<", 2000)} {
		f.Add(s, "https://ok.example/?a=1&b=2")
	}
	f.Fuzz(func(t *testing.T, text, link string) {
		a := alertstest.HostileAlert()
		a.Brand, a.Summary = text, text
		a.Examples = []model.AlertExample{{MentionID: "f", Text: text, URL: link, Source: text}}
		a.TopTerms = []model.TermLift{{Term: text, Count: 1, Lift: 2}}
		blocks, fallback := slack.Message(a)
		raw, err := json.Marshal(slackapi.Blocks{BlockSet: blocks})
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		var decoded any
		_ = json.Unmarshal(raw, &decoded)
		for _, s := range append(strings_(decoded), fallback) {
			for _, l := range linkRE.FindAllString(s, -1) {
				if !strings.HasPrefix(l, "<https://") && !strings.HasPrefix(l, "<http://") {
					t.Fatalf("control sequence %q in %q", l, s)
				}
			}
		}
	})
}

func BenchmarkMessage(b *testing.B) {
	a := alertstest.HostileAlert()
	for b.Loop() {
		slack.Message(a)
	}
}
