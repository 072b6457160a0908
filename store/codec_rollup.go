package store

import (
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/earshot/earshot/internal/model"
)

const rollupV1 = 1

// encodeBucket appends the rollup counters of b (not its brand, source or hour,
// which live in the key). Aspects are written in name order so equal buckets
// encode to equal bytes.
func encodeBucket(dst []byte, b *model.Bucket) []byte {
	dst = append(dst, rollupV1)
	for _, n := range [...]int64{b.Counts[0], b.Counts[1], b.Counts[2], b.Unscored, b.Complaints} {
		dst = binary.AppendVarint(dst, n)
	}
	dst = appendF64(dst, b.ScoreSum)
	names := make([]string, 0, len(b.Aspects))
	for name := range b.Aspects {
		names = append(names, name)
	}
	slices.Sort(names)
	dst = binary.AppendUvarint(dst, uint64(len(names)))
	for _, name := range names {
		t := b.Aspects[name]
		dst = binary.AppendVarint(binary.AppendVarint(appendStr(dst, name), t.Count), t.Negative)
		dst = appendF64(dst, t.ScoreSum)
	}
	return dst
}

// decodeBucket fills the counters of b from rec, with the same guarantees as decodeMention.
func decodeBucket(rec []byte, b *model.Bucket) error {
	if len(rec) == 0 || rec[0] != rollupV1 {
		return fmt.Errorf("rollup record: unknown version: %w", ErrCorrupt)
	}
	r := reader{b: rec, s: string(rec), off: 1}
	b.Counts = [3]int64{r.varint(), r.varint(), r.varint()}
	b.Unscored, b.Complaints = r.varint(), r.varint()
	b.ScoreSum = r.f64()
	if n := r.count(11); n > 0 {
		b.Aspects = make(map[string]model.AspectTally, n)
		for range n {
			name := r.str()
			b.Aspects[name] = model.AspectTally{Count: r.varint(), Negative: r.varint(), ScoreSum: r.f64()}
		}
	}
	return r.done("rollup record")
}

// tally adds (sign 1) or removes (sign -1) one mention's counts.
func tally(b *model.Bucket, m *model.Mention, sign int64) {
	a := m.Analysis
	if a == nil || !a.Scored || a.Label.Index() < 0 {
		b.Unscored += sign
	} else {
		b.Counts[a.Label.Index()] += sign
		b.ScoreSum += float64(sign) * storedScore(a.Score)
	}
	if a == nil {
		return
	}
	if a.Complaint {
		b.Complaints += sign
	}
	if len(a.Aspects) > 0 && b.Aspects == nil {
		b.Aspects = make(map[string]model.AspectTally, len(a.Aspects))
	}
	for _, as := range a.Aspects {
		t := b.Aspects[as.Aspect]
		t.Count += sign
		score := storedScore(as.Score)
		t.ScoreSum += float64(sign) * score
		if score < 0 {
			t.Negative += sign
		}
		b.Aspects[as.Aspect] = t
	}
}

// mergeBucket adds the counters of src into dst.
func mergeBucket(dst, src *model.Bucket) {
	for i := range dst.Counts {
		dst.Counts[i] += src.Counts[i]
	}
	dst.Unscored += src.Unscored
	dst.Complaints += src.Complaints
	dst.ScoreSum += src.ScoreSum
	if len(src.Aspects) > 0 && dst.Aspects == nil {
		dst.Aspects = make(map[string]model.AspectTally, len(src.Aspects))
	}
	for name, t := range src.Aspects {
		d := dst.Aspects[name]
		d.Count += t.Count
		d.Negative += t.Negative
		d.ScoreSum += t.ScoreSum
		dst.Aspects[name] = d
	}
	for name, t := range dst.Aspects {
		if t.Count == 0 { // every mention with it was re-scored without it
			delete(dst.Aspects, name)
		}
	}
	if len(dst.Aspects) == 0 {
		dst.Aspects = nil
	}
}
