package main

import "testing"

func TestArgmaxSmoothed(t *testing.T) {
	for _, tc := range []struct {
		name string
		ys   []float64
		w    int
		want int
	}{
		{"no smoothing takes the single peak", []float64{0, 1, 0.2, 0.9, 0.9, 0.9, 0}, 0, 1},
		{"smoothing prefers the plateau to a lone spike", []float64{0, 1, 0.2, 0.9, 0.9, 0.9, 0}, 1, 4},
		{"first index on a tie", []float64{0.5, 0.5, 0.5}, 1, 0},
		{"window wider than the curve", []float64{0.1, 0.3}, 5, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := argmaxSmoothed(tc.ys, tc.w); got != tc.want {
				t.Errorf("argmaxSmoothed(%v, %d) = %d, want %d", tc.ys, tc.w, got, tc.want)
			}
		})
	}
}
