package crawler

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/unicode/norm"
)

// noiseLine matches server noise that leaks into pages and feeds: PHP
// warnings and notices printed before the content.
var noiseLine = regexp.MustCompile(`^(?:PHP )?(?:Warning|Notice|Deprecated|Strict Standards|Fatal error|Parse error|Catchable fatal error):\s.*\bon line \d+\.?$`)

// CleanText turns HTML or plain text into plain text for storage and scoring:
// tags stripped, entities decoded, script/style/template contents dropped,
// block elements turned into line breaks, whitespace collapsed (one space
// inside a line, no empty lines), invalid UTF-8 repaired, control characters
// removed, server noise lines (PHP "Warning: ... on line N") removed, NFC.
func CleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.ContainsAny(s, "<&") {
		s = stripHTML(s)
	}
	return norm.NFC.String(tidyLines(s))
}

// cleanLine is CleanText on one line: titles and author names.
func cleanLine(s string) string {
	return strings.ReplaceAll(CleanText(s), "\n", " ")
}

// stripHTML keeps the text of an HTML fragment, with a line break at each
// block boundary. The tokenizer never fails: malformed markup degrades to text.
func stripHTML(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	z := html.NewTokenizer(strings.NewReader(s))
	skip := atom.Atom(0) // inside script/style/...: drop text until its end tag
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skip == 0 && dropped(a) && tt == html.StartTagToken {
				skip = a
			}
			if blockish(a) {
				b.WriteByte('\n')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == skip {
				skip = 0
			}
			if blockish(a) {
				b.WriteByte('\n')
			}
		}
	}
}

// dropped elements carry no reader-visible text.
func dropped(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Svg, atom.Iframe, atom.Object, atom.Head:
		return true
	}
	return false
}

// blockish elements separate lines of text.
func blockish(a atom.Atom) bool {
	switch a {
	case atom.Br, atom.P, atom.Div, atom.Li, atom.Ul, atom.Ol, atom.Tr, atom.Td, atom.Th, atom.Table,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Blockquote, atom.Pre, atom.Hr,
		atom.Section, atom.Article, atom.Header, atom.Footer, atom.Dd, atom.Dt, atom.Figcaption:
		return true
	}
	return false
}

// tidyLines collapses whitespace, drops control characters, empty lines and
// server noise lines.
func tidyLines(s string) string {
	var out bytes.Buffer
	for line := range strings.Lines(s) {
		line = collapse(line)
		if line == "" || noiseLine.MatchString(line) {
			continue
		}
		if out.Len() > 0 {
			out.WriteByte('\n')
		}
		out.WriteString(line)
	}
	return out.String()
}

// collapse trims a line and squeezes each run of spaces (including NBSP and
// other Unicode spaces) into one space; control and format characters such
// as NUL or zero-width spaces go.
func collapse(line string) string {
	if line = strings.TrimRight(line, "\r\n"); plainASCII(line) {
		return line
	}
	var b strings.Builder
	b.Grow(len(line))
	space := false
	for _, r := range line {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r), r == '\u200b', r == '\ufeff':
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cleanPlain is CleanText for text that is already plain (parsed from a DOM):
// no tag stripping, so "I <3 it" survives.
func cleanPlain(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return norm.NFC.String(tidyLines(s))
}

// oneLine is cleanPlain joined into a single line.
func oneLine(s string) string {
	return strings.ReplaceAll(cleanPlain(s), "\n", " ")
}

// plainASCII reports whether a line needs no collapsing: printable ASCII, no
// leading, trailing or doubled spaces. Most lines are, and skip the rebuild.
func plainASCII(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || (c == ' ' && s[i-1] == ' ') {
			return false
		}
	}
	return true
}
