package main

import (
	"math"
	"math/rand/v2"

	"github.com/earshot/earshot/sentiment"
)

// Hyper-parameters, set from flags in main (chosen on the held-out fifth of
// the training files, never on *-valid or evaluation-only files).
var (
	learningRate = 0.1
	l2           = 1e-3
	l2Hashed     = 1e-2   // n-grams are many and noisy: shrink them harder than the rule features
	balanceFiles = "full" // by the held-out mean headline metric: full 0.798, none 0.794, sqrt 0.787
)

// linear is a softmax regression trained with AdaGrad, over the rule
// features and, when hashed is non-nil, the hashed n-grams.
type linear struct {
	bits     uint
	hashed   [][3]float64
	hg       [][3]float64 // AdaGrad sums of squared gradients
	dense    [][3]float64
	dg       [][3]float64
	bias, bg [3]float64
}

func newLinear(bits uint, ngrams bool, numDense int) *linear {
	m := &linear{bits: bits, dense: make([][3]float64, numDense), dg: make([][3]float64, numDense)}
	if ngrams {
		m.hashed, m.hg = make([][3]float64, 1<<bits), make([][3]float64, 1<<bits)
	}
	return m
}

func (m *linear) logits(e *example) [3]float64 {
	z := m.bias
	mask := uint32(1)<<m.bits - 1
	if m.hashed != nil {
		k := float64(sentiment.NgramScale(len(e.hashed)))
		for _, h := range e.hashed {
			for c := range 3 {
				z[c] += m.hashed[h&mask][c] * k
			}
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

// fit runs the epochs over the training fold in a fixed shuffled order.
func (m *linear) fit(exs []example, epochs int) {
	var idx []int
	for i := range exs {
		if !exs[i].held && !exs[i].calib {
			idx = append(idx, i)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range epochs {
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		for _, i := range idx {
			m.update(&exs[i])
		}
	}
}

func (m *linear) update(e *example) {
	z := m.logits(e)
	if e.twoClass {
		z[1] = math.Inf(-1) // a two-class file says nothing about neutral
	}
	p := softmax(z)
	grad := p
	grad[e.label]--
	for c := range grad {
		grad[c] *= e.weight
	}
	step(&m.bias, &m.bg, grad, 1, 0)
	if m.hashed != nil {
		mask := uint32(1)<<m.bits - 1
		k := float64(sentiment.NgramScale(len(e.hashed)))
		for _, h := range e.hashed {
			step(&m.hashed[h&mask], &m.hg[h&mask], grad, k, l2Hashed)
		}
	}
	for d, x := range e.dense {
		step(&m.dense[d], &m.dg[d], grad, float64(x), l2)
	}
}
