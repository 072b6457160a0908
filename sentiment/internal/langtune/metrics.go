package main

import (
	"fmt"
	"hash/fnv"
	"io"
)

// labels are the three classes, in confusion-matrix order.
var labels = []string{"negative", "neutral", "positive"}

func labelIndex(l string) int {
	for i, x := range labels {
		if x == l {
			return i
		}
	}
	return -1
}

// HeldOut reports whether a dev line with this id belongs to the 20% kept
// aside for the final check: a stable FNV-1a hash, so every run agrees.
func HeldOut(id string) bool {
	h := fnv.New32a()
	h.Write([]byte(id))
	return h.Sum32()%5 == 0
}

// Tally accumulates predictions against gold labels for one file.
type Tally struct {
	Conf [3][3]int // Conf[gold][pred]
	// SignRight counts two-class hits by score sign (score >= 0 is positive),
	// the way a binary benchmark is read when the engine says "neutral".
	SignRight, N int
}

// Add records one prediction; gold and pred are label names.
func (t *Tally) Add(gold, pred string, score float64) {
	g, p := labelIndex(gold), labelIndex(pred)
	if g < 0 || p < 0 {
		return
	}
	t.Conf[g][p]++
	t.N++
	if (score >= 0) == (gold == "positive") {
		t.SignRight++
	}
}

// F1 is the F1 of class c; ok is false when the class is absent from gold and predictions.
func (t *Tally) F1(c int) (f1 float64, ok bool) {
	tp, gold, pred := t.Conf[c][c], 0, 0
	for i := range 3 {
		gold += t.Conf[c][i]
		pred += t.Conf[i][c]
	}
	if gold == 0 {
		return 0, false
	}
	if tp == 0 {
		return 0, true
	}
	p, r := float64(tp)/float64(pred), float64(tp)/float64(gold)
	return 2 * p * r / (p + r), true
}

// MacroF1 averages F1 over the classes present in the gold labels.
func (t *Tally) MacroF1() float64 {
	sum, n := 0.0, 0
	for c := range 3 {
		if f, ok := t.F1(c); ok {
			sum += f
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// Accuracy is the share of exact label hits (a "neutral" on a two-class file is a miss).
func (t *Tally) Accuracy() float64 {
	if t.N == 0 {
		return 0
	}
	return float64(t.Conf[0][0]+t.Conf[1][1]+t.Conf[2][2]) / float64(t.N)
}

// Print writes the figures and the confusion matrix.
func (t *Tally) Print(w io.Writer, name string) {
	negF1, _ := t.F1(0)
	fmt.Fprintf(w, "%-44s n=%4d macroF1=%.3f acc=%.3f signAcc=%.3f negF1=%.3f\n",
		name, t.N, t.MacroF1(), t.Accuracy(), float64(t.SignRight)/float64(max(t.N, 1)), negF1)
	for g := range 3 {
		fmt.Fprintf(w, "    gold %-8s -> neg %4d  neu %4d  pos %4d\n", labels[g], t.Conf[g][0], t.Conf[g][1], t.Conf[g][2])
	}
}
