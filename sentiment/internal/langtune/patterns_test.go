package main

import (
	"slices"
	"testing"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
)

// TestComplaintUrgencyAspects checks through the engine that the complaint,
// urgency and aspect files of each language fire on text that carries no
// sentiment word at all, as complaints often do.
func TestComplaintUrgencyAspects(t *testing.T) {
	a, err := sentiment.New(sentiment.Options{})
	if err != nil {
		t.Fatalf("sentiment.New: %v", err)
	}
	tests := []struct {
		lang, text string
		complaint  bool
		minUrgency int
		aspect     string // "" when none is expected
	}{
		{"ms", "Dah 2 minggu parcel belum sampai", true, 0, "delivery"},
		{"ms", "Kena caj dua kali, nak buat laporan polis", true, 3, "price"},
		{"ms", "Tunggu 3 jam kat kaunter", true, 0, "service"},
		{"id", "Saldo terpotong dua kali, mohon segera dicek", true, 3, ""},
		{"id", "Sudah 3 hari paket belum sampai", true, 0, "delivery"},
		{"id", "Antrean panjang banget di kasir", true, 0, "waiting"},
		{"hy", "Սպասում եմ 2 ժամ, ոչ ոք չի պատասխանում", true, 0, "waiting"},
		{"hy", "Երկու անգամ գանձել են իմ քարտից", true, 3, ""},
		{"hy", "Առաքումը ուշացավ", true, 0, "delivery"},
		{"ms", "Kedai buka pukul 10 pagi", false, 0, "store"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.text, func(t *testing.T) {
			var out model.Analysis
			a.AnalyzeInto(sentiment.Input{Text: tt.text, LangHint: tt.lang}, &out)
			if out.Complaint != tt.complaint {
				t.Errorf("Analyze(%q).Complaint = %v, want %v", tt.text, out.Complaint, tt.complaint)
			}
			if out.Urgency < tt.minUrgency {
				t.Errorf("Analyze(%q).Urgency = %d, want >= %d", tt.text, out.Urgency, tt.minUrgency)
			}
			if tt.aspect != "" && !slices.ContainsFunc(out.Aspects, func(s model.AspectScore) bool { return s.Aspect == tt.aspect }) {
				t.Errorf("Analyze(%q).Aspects = %v, want %s among them", tt.text, out.Aspects, tt.aspect)
			}
		})
	}
}
