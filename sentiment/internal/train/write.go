package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"sort"
)

// write stores the ensemble in the layout sentiment.loadModel reads: magic,
// bits, numDense, int8 scale, both neutral shifts, the full model's bias and
// dense weights, the rules-only model's, the n-gram languages, then the
// full model's n-gram table quantised to int8.
func (en *ensemble) write(path string, langs map[string]bool) error {
	var b bytes.Buffer
	b.WriteString("ESM3")
	put := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) }
	put(uint32(en.full.bits))
	put(uint32(len(en.full.dense)))
	maxAbs := 0.0
	for _, row := range en.full.hashed {
		for _, w := range row {
			maxAbs = max(maxAbs, math.Abs(w))
		}
	}
	scale := maxAbs / 127
	put(float32(scale))
	put(float32(en.shiftFull))
	put(float32(en.shiftRules))
	for _, m := range []*linear{en.full, en.rules} {
		for _, w := range m.bias {
			put(float32(w))
		}
		for _, row := range m.dense {
			for _, w := range row {
				put(float32(w))
			}
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
	for _, row := range en.full.hashed {
		for _, w := range row {
			b.WriteByte(byte(int8(math.Round(w / scale))))
		}
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write weights: %w", err)
	}
	fmt.Printf("wrote %s: %d bytes, n-gram languages %v, int8 scale %.5f\n", path, b.Len(), ls, scale)
	return nil
}
