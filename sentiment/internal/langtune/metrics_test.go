package main

import (
	"math"
	"strings"
	"testing"
)

func TestTallyFigures(t *testing.T) {
	var ta Tally
	// gold neg x3 (pred neg, neg, neu), gold pos x2 (pred pos, neg)
	for _, c := range []struct {
		gold, pred string
		score      float64
	}{{"negative", "negative", -0.5}, {"negative", "negative", -0.2}, {"negative", "neutral", 0},
		{"positive", "positive", 0.6}, {"positive", "negative", -0.1}} {
		ta.Add(c.gold, c.pred, c.score)
	}
	negF1, _ := ta.F1(0) // p=2/3 r=2/3
	posF1, _ := ta.F1(2) // p=1 r=1/2
	tests := []struct {
		name      string
		got, want float64
	}{
		{"accuracy", ta.Accuracy(), 3.0 / 5},
		{"negative F1", negF1, 2.0 / 3},
		{"positive F1", posF1, 2.0 / 3},
		{"macro-F1 over present classes", ta.MacroF1(), 2.0 / 3},
		{"sign accuracy", float64(ta.SignRight) / float64(ta.N), 3.0 / 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if math.Abs(tt.got-tt.want) > 1e-9 {
				t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
			}
		})
	}
}

func TestHeldOutIsStableAndAboutAFifth(t *testing.T) {
	n := 0
	for i := range 5000 {
		id := "ms-twitter-politics-" + string(rune('a'+i%26)) + string(rune('0'+i%10)) + string(rune(i))
		first := HeldOut(id)
		if again := HeldOut(strings.Clone(id)); again != first {
			t.Fatalf("HeldOut(%q) is not stable", id)
		}
		if first {
			n++
		}
	}
	if n < 800 || n > 1200 {
		t.Errorf("HeldOut kept %d of 5000 ids, want about 1000", n)
	}
}
