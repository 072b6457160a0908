package langid_test

import (
	"strings"
	"testing"

	"github.com/earshot/earshot/sentiment/langid"
)

// TestDetectBadInput feeds what crawlers really hand over: nothing, markup
// only, broken bytes, huge pages, right-to-left and mixed scripts.
func TestDetectBadInput(t *testing.T) {
	d := langid.New()
	cases := []struct {
		name, text, lang, script string
	}{
		{"empty", "", "und", ""},
		{"whitespace", " \t\r\n  \u00a0\u3000", "und", ""},
		{"emoji only", "😂😂😂🔥🔥 👍🏽 ❤️", "und", ""},
		{"urls only", "https://t.co/wCa0VV1Yxd http://example.com/a?b=c www.shop.my/sale", "und", ""},
		{"handles and tags only", "@BurgerCo @support #fail #neveragain", "und", ""},
		{"email only", "write to help@example.com", "en", "Latn"},
		{"digits and punctuation", "10/10 !!! 3.5 -- 100% ($20)", "und", ""},
		{"invalid utf-8", "\xff\xfe\xfd\x80\x80", "und", ""},
		{"invalid utf-8 inside words", "Servis teruk\xff gila, dah tunggu sejam pun tak\xc3 sampai", "ms", "Latn"},
		{"nul and control bytes", "\x00\x01\x02the delivery\x00 was late and the box was broken\x7f", "en", "Latn"},
		{"html entities", "Fast shipping &amp; great price &lt;3 would buy again", "en", "Latn"},
		{"rtl with marks", "\u200fהמשלוח הגיע מהר מאוד, תודה!\u200e", "he", "Hebr"},
		{"arabic with latin brand", "خدمة iPhone سيئة جدا ولا أنصح بها أبدا", "ar", "Arab"},
		{"armenian with english words", "Wtf. Ինտերնետը նորից չի աշխատում, արդեն երրորդ օրն է", "hy", "Armn"},
		{"chinese with latin brand", "我买的iPhone屏幕坏了，客服一直不回复", "zh", "Hani"},
		{"japanese with latin brand", "iPhoneの画面が割れました。サポートに連絡します", "ja", "Jpan"},
		{"single letter", "k", "und", "Latn"},
		{"combining marks alone", "\u0301\u0301\u0301", "und", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := d.Detect(tc.text)
			if got.Lang != tc.lang || got.Script != tc.script {
				t.Errorf("Detect(%q) = %+v, want Lang %q Script %q", tc.text, got, tc.lang, tc.script)
			}
			if got.Confidence < 0 || got.Confidence > 1 || (got.Lang == langid.Undetermined && got.Confidence != 0) {
				t.Errorf("Detect(%q).Confidence = %v, want in [0, 1] and 0 for und", tc.text, got.Confidence)
			}
		})
	}
}

// TestDetectHugeText checks that a megabyte costs no more than its first
// kilobytes: the answer is the prefix's, whatever follows.
func TestDetectHugeText(t *testing.T) {
	d := langid.New()
	prefix := strings.Repeat("Servis teruk gila, dah tunggu sejam pun tak sampai lagi. ", 80)
	cases := map[string]string{
		"repeated text":  strings.Repeat("The delivery was late again and nobody answered. ", 22000),
		"junk after":     prefix + strings.Repeat("\xff😂 ", 300000),
		"other language": prefix + strings.Repeat("Доставка опоздала на три дня. ", 30000),
	}
	want := map[string]string{"repeated text": "en", "junk after": "ms", "other language": "ms"}
	for name, text := range cases {
		if len(text) < 1<<20 {
			t.Fatalf("%s: text is %d bytes, want at least 1 MB", name, len(text))
		}
		if got := d.Detect(text).Lang; got != want[name] {
			t.Errorf("%s: Detect(<%d bytes>).Lang = %q, want %q", name, len(text), got, want[name])
		}
	}
}

// TestDetectDoesNotAllocate guards the budget the sentiment engine relies on.
func TestDetectDoesNotAllocate(t *testing.T) {
	d := langid.New()
	for _, tc := range detectCases {
		if n := testing.AllocsPerRun(20, func() { d.Detect(tc.text) }); n != 0 {
			t.Errorf("Detect(%q) allocated %v times, want 0", tc.text, n)
		}
	}
}

// TestDetectConcurrent shares one Detector between goroutines; run with -race.
func TestDetectConcurrent(t *testing.T) {
	d := langid.New()
	want := make([]string, len(detectCases))
	for i, tc := range detectCases {
		want[i] = d.Detect(tc.text).Lang
	}
	done := make(chan struct{})
	for g := 0; g < 4; g++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i, tc := range detectCases {
				if got := d.Detect(tc.text).Lang; got != want[i] {
					t.Errorf("concurrent Detect(%q).Lang = %q, want %q", tc.text, got, want[i])
				}
			}
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
}
