package sentiment

import (
	_ "embed"
	"encoding/binary"
	"fmt"
	"math"
)

// modelBytes are the weights written by `go run ./sentiment/internal/train`.
// Empty weights leave the Analyzer rules-only.
//
//go:embed model.bin
var modelBytes []byte

// numDense is the number of lexicon/rule features the model sees beside the
// hashed n-grams; the trainer and the Analyzer share featurize.
const numDense = 14

const modelMagic = "ESM3"

// linearModel is two 3-class (negative, neutral, positive) logistic
// regressions: one over hashed unigrams and bigrams plus the rule features,
// one over the rule features alone. Languages with n-gram training data get
// the mean of both models' logits; the others (e.g. hy) the rules-only one,
// so their words never hit buckets trained on other languages.
type linearModel struct {
	bits       uint
	scale      float32 // int8 weight * scale = weight
	shiftFull  float32 // added to the neutral logit of the averaged models
	shiftRules float32 // added to the neutral logit of the rules-only model
	full       denseWeights
	rules      denseWeights
	hashed     []int8 // (1<<bits) rows of 3, the full model's n-grams
	langs      map[string]bool
}

type denseWeights struct {
	bias  [3]float32
	dense [numDense][3]float32
}

// loadModel decodes model.bin as written by sentiment/internal/train.
func loadModel(b []byte) (*linearModel, error) {
	if len(b) == 0 {
		return nil, nil
	}
	m := &linearModel{langs: map[string]bool{}}
	r := &byteReader{b: b}
	if string(r.next(4)) != modelMagic {
		return nil, fmt.Errorf("model.bin: bad magic: %w", ErrModelFormat)
	}
	m.bits = uint(r.u32())
	if nd := r.u32(); nd != numDense || m.bits > 24 {
		return nil, fmt.Errorf("model.bin: %d dense features, %d bits; want %d, <= 24: %w", nd, m.bits, numDense, ErrModelFormat)
	}
	m.scale, m.shiftFull, m.shiftRules = r.f32(), r.f32(), r.f32()
	r.dense(&m.full)
	r.dense(&m.rules)
	for n := int(r.u32()); n > 0 && !r.err; n-- {
		m.langs[string(r.next(int(r.next(1)[0])))] = true
	}
	raw := r.next(3 << m.bits)
	if r.err || len(r.b) != 0 {
		return nil, fmt.Errorf("model.bin: wrong length: %w", ErrModelFormat)
	}
	m.hashed = make([]int8, len(raw))
	for i, x := range raw {
		m.hashed[i] = int8(x)
	}
	return m, nil
}

func (r *byteReader) dense(w *denseWeights) {
	for c := range w.bias {
		w.bias[c] = r.f32()
	}
	for d := range w.dense {
		for c := range 3 {
			w.dense[d][c] = r.f32()
		}
	}
}

type byteReader struct {
	b   []byte
	err bool
}

func (r *byteReader) next(n int) []byte {
	if n > len(r.b) {
		r.err = true
		r.b = nil
		return make([]byte, n)
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *byteReader) u32() uint32  { return binary.LittleEndian.Uint32(r.next(4)) }
func (r *byteReader) f32() float32 { return math.Float32frombits(r.u32()) }

// predict returns class probabilities (negative, neutral, positive); ngrams
// says whether s.feats holds n-grams of a language the full model knows.
func (m *linearModel) predict(s *scratch, ngrams bool) [3]float32 {
	z := m.rules.logits(s)
	if !ngrams {
		z[1] += m.shiftRules
		return softmax(z)
	}
	zf := m.full.logits(s)
	mask := uint32(1)<<m.bits - 1
	var sum [3]float32
	for _, h := range s.feats {
		row := m.hashed[3*(h&mask):]
		for c := range 3 {
			sum[c] += float32(row[c])
		}
	}
	k := m.scale * NgramScale(len(s.feats))
	for c := range 3 {
		zf[c] += sum[c] * k
	}
	for c := range z {
		z[c] = (z[c] + zf[c]) / 2
	}
	z[1] += m.shiftFull
	return softmax(z)
}

func (w *denseWeights) logits(s *scratch) [3]float32 {
	z := w.bias
	for d, x := range s.dense {
		for c := range 3 {
			z[c] += w.dense[d][c] * x
		}
	}
	return z
}

// ngramRef is the n-gram count (about a 25-word text) up to which every
// n-gram counts fully.
const ngramRef = 48

// NgramScale is the weight of each of n n-grams: 1 up to ngramRef, then
// sqrt(ngramRef/n), so a long review's logits grow like the square root of
// its length rather than linearly (1,000 repeated words must not swamp the
// rule features). The trainer applies the same scale.
func NgramScale(n int) float32 {
	if n <= ngramRef {
		return 1
	}
	return float32(math.Sqrt(ngramRef / float64(n)))
}

// Softmax turns logits into probabilities.
func softmax(z [3]float32) [3]float32 {
	mx := max(z[0], z[1], z[2])
	var p [3]float32
	var sum float32
	for c := range z {
		p[c] = float32(math.Exp(float64(z[c] - mx)))
		sum += p[c]
	}
	for c := range p {
		p[c] /= sum
	}
	return p
}

// tokenWeight is how much one hashed feature pushes towards positive, for Explain.
func (m *linearModel) tokenWeight(h uint32) float32 {
	row := m.hashed[3*(h&(uint32(1)<<m.bits-1)):]
	return (float32(row[2]) - float32(row[0])) * m.scale / 2 // halved: the full model is half the ensemble
}
