package main

import "fmt"

// ensemble is what the Analyzer runs: for languages with n-gram training
// data the mean of the full and the rules-only model's logits, for the
// others the rules-only model alone; each with its own neutral shift.
type ensemble struct {
	full, rules *linear
	shiftFull   float64 // added to the neutral logit of the averaged models
	shiftRules  float64 // added to the neutral logit of the rules-only model
}

func (en *ensemble) logits(e *example, ngrams bool) [3]float64 {
	if !ngrams {
		z := en.rules.logits(e)
		z[1] += en.shiftRules
		return z
	}
	zf, zr := en.full.logits(e), en.rules.logits(e)
	var z [3]float64
	for c := range z {
		z[c] = (zf[c] + zr[c]) / 2
	}
	z[1] += en.shiftFull
	return z
}

func (en *ensemble) predict(e *example, ngrams bool) int {
	z := en.logits(e, ngrams)
	pred := 0
	for c := 1; c < 3; c++ {
		if z[c] > z[pred] {
			pred = c
		}
	}
	return pred
}

// calibrate picks each neutral shift to maximise the mean macro-F1 of the
// three-class files on the calibration fold (never the held-out one),
// smoothed over neighbouring shifts: the calibration fold is small, and the
// raw curve has a flat top whose single highest point moves with any change
// to the lexicons, taking every label near the neutral border with it.
func (en *ensemble) calibrate(exs []example) {
	for _, ngrams := range []bool{true, false} {
		shift := &en.shiftRules
		if ngrams {
			shift = &en.shiftFull
		}
		var grid, curve []float64
		for i := 0; i <= 70; i++ { // -1.0 .. 2.5 by 0.05
			*shift = -1 + 0.05*float64(i)
			grid = append(grid, *shift)
			curve = append(curve, en.calibF(exs, ngrams))
		}
		*shift = grid[argmaxSmoothed(curve, calibWindow)]
		fmt.Printf("neutral shift (n-grams %v): %+.2f\n", ngrams, *shift)
	}
}

// calibWindow is how many grid steps either side the curve is averaged over.
const calibWindow = 2

// calibF is the summed macro-F1 of the three-class files on the calibration fold.
func (en *ensemble) calibF(exs []example, ngrams bool) float64 {
	f := 0.0
	for file := range trainFiles {
		conf, _ := en.confusion(exs, file, ngrams, func(e *example) bool { return e.calib && !e.twoClass })
		_, mf := figures(conf)
		f += mf
	}
	return f
}

// argmaxSmoothed returns the index whose moving average over +-w points
// (fewer at the ends) is highest; the first on a tie.
func argmaxSmoothed(ys []float64, w int) int {
	best, bestM := 0, -1.0
	for i := range ys {
		sum, n := 0.0, 0
		for j := max(0, i-w); j <= min(len(ys)-1, i+w); j++ {
			sum += ys[j]
			n++
		}
		if m := sum / float64(n); m > bestM+1e-12 {
			best, bestM = i, m
		}
	}
	return best
}

func (en *ensemble) confusion(exs []example, file int, ngrams bool, keep func(*example) bool) (conf [3][3]int, bin [2]int) {
	for i := range exs {
		e := &exs[i]
		if e.file != file || !keep(e) {
			continue
		}
		conf[e.label][en.predict(e, ngrams)]++
		if e.label != 1 {
			z := en.logits(e, ngrams)
			bin[0]++
			if (z[2] >= z[0]) == (e.label == 2) {
				bin[1]++
			}
		}
	}
	return conf, bin
}

// report prints held-out figures per training file, with and without n-grams.
func (en *ensemble) report(exs []example) {
	held := func(e *example) bool { return e.held }
	target := 0.0 // mean over files of the file's headline metric, ensemble
	for f, name := range trainFiles {
		for _, ngrams := range []bool{true, false} {
			conf, bin := en.confusion(exs, f, ngrams, held)
			acc, mf1 := figures(conf)
			n := 0
			for _, row := range conf {
				n += row[0] + row[1] + row[2]
			}
			kind := "rules-only"
			if ngrams {
				kind = "ensemble"
				target += headline(exs, f, mf1, float64(bin[1])/float64(max(bin[0], 1)))
			}
			fmt.Printf("held-out %-36s %-10s n=%4d acc=%.3f macro-F1=%.3f binary-acc=%.3f\n",
				name, kind, n, acc, mf1, float64(bin[1])/float64(max(bin[0], 1)))
		}
	}
	fmt.Printf("held-out mean headline metric (binary accuracy for two-class files, else macro-F1): %.3f\n", target/float64(len(trainFiles)))
}

// headline is the metric the issue sets for a file of this kind.
func headline(exs []example, file int, macroF1, binaryAcc float64) float64 {
	for i := range exs {
		if exs[i].file == file {
			if exs[i].twoClass {
				return binaryAcc
			}
			break
		}
	}
	return macroF1
}

// figures returns accuracy and macro-F1 (over classes seen in gold or predictions).
func figures(conf [3][3]int) (float64, float64) {
	n, correct, f1s, classes := 0, 0, 0.0, 0
	for c := range 3 {
		tp, g, p := conf[c][c], 0, 0
		for k := range 3 {
			g += conf[c][k]
			p += conf[k][c]
			n += conf[c][k]
		}
		correct += tp
		if g+p > 0 {
			classes++
			if tp > 0 {
				pr, rc := float64(tp)/float64(p), float64(tp)/float64(g)
				f1s += 2 * pr * rc / (pr + rc)
			}
		}
	}
	return float64(correct) / float64(max(n, 1)), f1s / float64(max(classes, 1))
}
