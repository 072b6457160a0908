package config

import "testing"

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"schedule", "schedule", 0},
		{"scheudle", "schedule", 1}, // transposition counts once
		{"shedule", "schedule", 1},
		{"qeury", "query", 1},
		{"kitten", "sitting", 3},
		{"", "url", 3},
		{"ünïcode", "unicode", 2},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	keys := []string{"name", "type", "url", "schedule", "selectors", "sort"}
	tests := []struct{ got, want string }{
		{"scheudle", ` (did you mean "schedule"?)`},
		{"Selector", ` (did you mean "selectors"?)`},
		{"uri", ` (did you mean "url"?)`},
		{"x", ""},        // one letter is not a typo of anything
		{"password", ""}, // too far from every key
	}
	for _, tt := range tests {
		if got := didYouMean(tt.got, keys); got != tt.want {
			t.Errorf("didYouMean(%q) = %q, want %q", tt.got, got, tt.want)
		}
	}
}
