package slack

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// Slack's limits on Block Kit text, in characters.
const (
	maxHeader  = 150
	maxSection = 3000
	maxField   = 2000
	maxBlocks  = 50
	maxURL     = 1000
)

// esc makes untrusted text inert in Slack: with &, < and > escaped there is
// no <!channel>, <@U...> or <url|label> left for Slack to interpret.
var esc = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// link returns an mrkdwn link to raw labelled label, or the escaped label
// alone when raw is not an absolute http(s) URL.
func link(raw, label string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return esc(label)
	}
	s := u.String()
	if len(s) > maxURL {
		return esc(label)
	}
	// Inside <...|...> the URL must not close the link or start the label.
	s = strings.NewReplacer("&", "&amp;", "<", "%3C", ">", "%3E", "|", "%7C", " ", "%20").Replace(s)
	return "<" + s + "|" + esc(strings.ReplaceAll(label, "|", "¦")) + ">"
}

// cut shortens escaped mrkdwn to at most n characters without splitting a
// character, an &entity; or a <link>, marking the cut with an ellipsis.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	out := string(r)
	if i := strings.LastIndexByte(out, '&'); i >= 0 && !strings.Contains(out[i:], ";") {
		out = out[:i]
	}
	if i := strings.LastIndexByte(out, '<'); i >= 0 && !strings.Contains(out[i:], ">") {
		out = out[:i]
	}
	return out + "…"
}
