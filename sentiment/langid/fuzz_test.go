package langid

import (
	"bufio"
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// FuzzDetect checks, for any bytes, that Detect answers a known language or
// "und" with a confidence in [0, 1], reads no further than maxScan, and is
// not swayed by markup appended to the text.
func FuzzDetect(f *testing.F) {
	for _, s := range sampleTexts(f) {
		f.Add(s)
	}
	for _, s := range []string{"", "\xff\xfe", "😂", "@a #b https://c.d/e", "&amp;&#39;&", "a'b’c", "ǅ\u0301ß", "կ", "日本語のテキスト"} {
		f.Add(s)
	}
	d := New()
	known := d.Languages()
	f.Fuzz(func(t *testing.T, text string) {
		got := d.Detect(text)
		if got.Lang != Undetermined && !slices.Contains(known, got.Lang) {
			t.Fatalf("Detect(%q).Lang = %q, not in Languages()", text, got.Lang)
		}
		if !(got.Confidence >= 0 && got.Confidence <= 1) {
			t.Fatalf("Detect(%q).Confidence = %v, want in [0, 1]", text, got.Confidence)
		}
		if len(text) > maxScan {
			if head := d.Detect(text[:maxScan]); head != got {
				t.Fatalf("Detect(%q) = %+v, but its first %d bytes give %+v", text, got, maxScan, head)
			}
		} else if len(text)+32 <= maxScan {
			if more := d.Detect(text + " @someone #tag https://t.co/x1"); more != got {
				t.Fatalf("Detect(%q) = %+v, but with markup appended %+v", text, got, more)
			}
		}
	})
}

// sampleTexts reads the texts of testdata/dev-samples.jsonl.
func sampleTexts(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open("testdata/dev-samples.jsonl")
	if err != nil {
		tb.Fatalf("open samples: %v", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatalf("samples: %v", err)
		}
		out = append(out, r.Text)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("read samples: %v", err)
	}
	return out
}
