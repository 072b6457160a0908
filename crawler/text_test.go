package crawler

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestCleanText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text untouched", "Great coffee, slow service.", "Great coffee, slow service."},
		{"tags stripped and entities decoded", "<p>Fish &amp; chips were <b>cold</b>&nbsp;&mdash; again.</p>", "Fish & chips were cold — again."},
		{"numeric entities", "caf&#233; &#x1F600;", "café 😀"},
		{"script and style dropped", `<style>p{color:red}</style><p>Hello</p><script>var x = "<b>nope</b>";</script>world`, "Hello\nworld"},
		{"blocks become lines", "<div>one</div><div>two<br>three</div><ul><li>four</li></ul>", "one\ntwo\nthree\nfour"},
		{"whitespace collapsed", "  lots \t of\u00a0\u00a0 space \n\n\n next  ", "lots of space\nnext"},
		{"invalid UTF-8 repaired", "bad \xff\xfe byte", "bad \uFFFD byte"},
		{"control characters removed", "nul\x00 and\u200b zero width", "nul and zero width"},
		{"NFC", "cafe\u0301", "caf\u00e9"},
		{"PHP warning line removed", "<b>Warning</b>:  Undefined variable $x in <b>/var/www/review.php</b> on line <b>12</b><br />\nThe room was lovely.", "The room was lovely."},
		{"PHP notice in plain text", "PHP Notice: Undefined index: id in /srv/app.php on line 7\nGood stuff", "Good stuff"},
		{"warning-like prose kept", "Warning: the stairs are steep but the view is worth it", "Warning: the stairs are steep but the view is worth it"},
		{"Armenian and Malay kept", "<p>Շատ լավ է</p><p>Sangat bagus!</p>", "Շատ լավ է\nSangat bagus!"},
		{"comparison is not a tag", "3 < 5 and 7 > 2", "3 < 5 and 7 > 2"},
		{"unclosed tag", "<p>broken <b>markup", "broken markup"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanText(tt.in); got != tt.want {
				t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzCleanText(f *testing.F) {
	for _, s := range []string{
		"<p>Fish &amp; chips</p>", "<script>x</script>ok", "\xff\xfe", "cafe\u0301",
		"<b>Warning</b>: x in <b>/a.php</b> on line <b>1</b><br/>text", "<<<>>>&&&;", "<style>", "&#xD800;",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := CleanText(in)
		if !utf8.ValidString(out) {
			t.Fatalf("CleanText(%q) = %q, not valid UTF-8", in, out)
		}
		if !norm.NFC.IsNormalString(out) {
			t.Fatalf("CleanText(%q) = %q, not NFC", in, out)
		}
		if strings.TrimSpace(out) != out || strings.Contains(out, "\n\n") || strings.Contains(out, "  ") {
			t.Fatalf("CleanText(%q) = %q, whitespace not collapsed", in, out)
		}
		if again := CleanText(out); !strings.ContainsAny(out, "<&") && again != out {
			t.Fatalf("CleanText not idempotent on plain text: %q -> %q", out, again)
		}
	})
}

func BenchmarkCleanText(b *testing.B) {
	in := strings.Repeat("<p>The <b>room</b> was lovely &amp; quiet, but breakfast was cold.</p>\n", 20)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		CleanText(in)
	}
}
