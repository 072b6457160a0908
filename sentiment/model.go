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
const numDense = 12

const modelMagic = "ESM1"

// linearModel is a 3-class (negative, neutral, positive) logistic regression
// over hashed unigrams and bigrams plus the rule features.
type linearModel struct {
	bits   uint
	scale  float32 // int8 weight * scale = weight
	bias   [3]float32
	dense  [numDense][3]float32
	hashed []int8 // (1<<bits) rows of 3
	langs  map[string]bool
}

// loadModel decodes model.bin: magic, bits, numDense, scale, bias, dense
// weights, the languages with n-gram training data, then the int8 table.
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
	m.scale = r.f32()
	for c := range m.bias {
		m.bias[c] = r.f32()
	}
	for d := range m.dense {
		for c := range 3 {
			m.dense[d][c] = r.f32()
		}
	}
	for n := int(r.u32()); n > 0; n-- {
		m.langs[string(r.next(int(r.next(1)[0])))] = true
	}
	raw := r.next(3 << m.bits)
	if r.err {
		return nil, fmt.Errorf("model.bin: truncated: %w", ErrModelFormat)
	}
	m.hashed = make([]int8, len(raw))
	for i, x := range raw {
		m.hashed[i] = int8(x)
	}
	return m, nil
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

// predict returns class probabilities (negative, neutral, positive).
func (m *linearModel) predict(s *scratch) [3]float32 {
	z := m.bias
	mask := uint32(1)<<m.bits - 1
	for _, h := range s.feats {
		row := m.hashed[3*(h&mask):]
		for c := range 3 {
			z[c] += float32(row[c]) * m.scale
		}
	}
	for d, x := range s.dense {
		for c := range 3 {
			z[c] += m.dense[d][c] * x
		}
	}
	return softmax(z)
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
	return (float32(row[2]) - float32(row[0])) * m.scale
}
