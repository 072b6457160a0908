package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"sort"
)

// Hyper-parameters, set from flags in main (chosen on the held-out fifth of
// the training files, never on *-valid or evaluation-only files).
var (
	learningRate = 0.1
	l2           = 1e-3
	l2Hashed     = 1e-2 // n-grams are many and noisy: shrink them harder than the rule features
)

// model is a softmax regression trained with AdaGrad.
type model struct {
	bits     uint
	hashed   [][3]float64
	hg       [][3]float64 // AdaGrad sums of squared gradients
	dense    [][3]float64
	dg       [][3]float64
	bias, bg [3]float64
}

func newModel(bits uint) *model {
	return &model{bits: bits, hashed: make([][3]float64, 1<<bits), hg: make([][3]float64, 1<<bits)}
}

func (m *model) logits(e *example) [3]float64 {
	z := m.bias
	mask := uint32(1)<<m.bits - 1
	for _, h := range e.hashed {
		for c := range 3 {
			z[c] += m.hashed[h&mask][c]
		}
	}
	for d, x := range e.dense {
		for c := range 3 {
			z[c] += m.dense[d][c] * float64(x)
		}
	}
	return z
}

func softmax(z [3]float64) [3]float64 {
	mx := max(z[0], z[1], z[2])
	var p [3]float64
	s := 0.0
	for c := range z {
		p[c] = math.Exp(z[c] - mx)
		s += p[c]
	}
	for c := range p {
		p[c] /= s
	}
	return p
}

func step(w, g *[3]float64, grad [3]float64, x, l2 float64) {
	for c := range 3 {
		gc := grad[c]*x + l2*w[c]
		g[c] += gc * gc
		w[c] -= learningRate * gc / (math.Sqrt(g[c]) + 1e-8)
	}
}

// fit runs the epochs over the non-held-out examples in a fixed shuffled order.
func (m *model) fit(exs []example, epochs int) {
	nd := len(exs[0].dense)
	m.dense, m.dg = make([][3]float64, nd), make([][3]float64, nd)
	var idx []int
	for i := range exs {
		if !exs[i].held && !exs[i].calib {
			idx = append(idx, i)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	mask := uint32(1)<<m.bits - 1
	for range epochs {
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		for _, i := range idx {
			e := &exs[i]
			z := m.logits(e)
			if e.twoClass {
				z[1] = math.Inf(-1) // a two-class file says nothing about neutral
			}
			p := softmax(z)
			var grad [3]float64
			for c := range 3 {
				grad[c] = p[c]
			}
			grad[e.label]--
			step(&m.bias, &m.bg, grad, 1, 0)
			for _, h := range e.hashed {
				step(&m.hashed[h&mask], &m.hg[h&mask], grad, 1, l2Hashed)
			}
			for d, x := range e.dense {
				step(&m.dense[d], &m.dg[d], grad, float64(x), l2)
			}
		}
	}
}

// write stores the weights in the layout sentiment.loadModel reads, with the
// n-gram table quantised to int8.
func (m *model) write(path string, langs map[string]bool) error {
	var b bytes.Buffer
	b.WriteString("ESM1")
	put := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) }
	put(uint32(m.bits))
	put(uint32(len(m.dense)))
	maxAbs := 0.0
	for _, row := range m.hashed {
		for _, w := range row {
			maxAbs = max(maxAbs, math.Abs(w))
		}
	}
	scale := maxAbs / 127
	put(float32(scale))
	for _, w := range m.bias {
		put(float32(w))
	}
	for _, row := range m.dense {
		for _, w := range row {
			put(float32(w))
		}
	}
	var ls []string
	for l := range langs {
		ls = append(ls, l)
	}
	sort.Strings(ls)
	put(uint32(len(ls)))
	for _, l := range ls {
		b.WriteByte(byte(len(l)))
		b.WriteString(l)
	}
	for _, row := range m.hashed {
		for _, w := range row {
			b.WriteByte(byte(int8(math.Round(w / scale))))
		}
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write weights: %w", err)
	}
	fmt.Printf("wrote %s: %d bytes, languages %v, int8 scale %.5f\n", path, b.Len(), ls, scale)
	return nil
}

// calibrateNeutral shifts the neutral logit to maximise the mean macro-F1
// of the three-class files on the calibration fold.
func (m *model) calibrateNeutral(exs []example) {
	best, bestF := 0.0, -1.0
	for b := -1.0; b <= 2.0; b += 0.05 {
		m.bias[1] += b
		f := 0.0
		for file := range trainFiles {
			f += m.macroF1(exs, file, func(e *example) bool { return e.calib && !e.twoClass })
		}
		m.bias[1] -= b
		if f > bestF+1e-9 {
			best, bestF = b, f
		}
	}
	m.bias[1] += best
	fmt.Printf("neutral bias %+.2f\n", best)
}

func (m *model) predictClass(e *example) int {
	p := softmax(m.logits(e))
	pred := 0
	for c := 1; c < 3; c++ {
		if p[c] > p[pred] {
			pred = c
		}
	}
	return pred
}

func (m *model) confusion(exs []example, file int, keep func(*example) bool) (conf [3][3]int, bin [2]int) {
	for i := range exs {
		e := &exs[i]
		if e.file != file || !keep(e) {
			continue
		}
		pred := m.predictClass(e)
		conf[e.label][pred]++
		if e.label != 1 {
			p := softmax(m.logits(e))
			bin[0]++
			if (p[2] >= p[0]) == (e.label == 2) {
				bin[1]++
			}
		}
	}
	return conf, bin
}

func (m *model) macroF1(exs []example, file int, keep func(*example) bool) float64 {
	conf, _ := m.confusion(exs, file, keep)
	_, f := figures(conf)
	return f
}

// report prints held-out accuracy and macro-F1 per training file.
func report(m *model, exs []example) {
	for f, name := range trainFiles {
		conf, bin := m.confusion(exs, f, func(e *example) bool { return e.held })
		acc, mf1 := figures(conf)
		n := 0
		for _, row := range conf {
			n += row[0] + row[1] + row[2]
		}
		fmt.Printf("held-out %-38s n=%4d acc=%.3f macro-F1=%.3f binary-acc=%.3f\n", name, n, acc, mf1, float64(bin[1])/float64(max(bin[0], 1)))
	}
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
