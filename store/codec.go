package store

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"

	"github.com/earshot/earshot/internal/model"
)

// The first byte of every mention record is its layout version. A new layout
// gets a new version byte and the decoder keeps reading the old ones; a record
// is rewritten in the current layout only when it changes for another reason.
const (
	recordV1 = 1 // the first layout: it stored Analysis.Explain
	// recordV2 drops Analysis.Explain: it is recomputable from the text by
	// the engine at Analysis.Version and nothing reads it from the store, yet
	// it was ~70 of the ~790 bytes of a typical record.
	recordV2 = 2
	// recordV3 stores the title and text packed (text.go): Huffman-coded
	// with a frozen table when that is shorter, raw otherwise.
	recordV3 = 3
	// recordV4 codes them in four Huffman streams, which decode faster.
	recordV4 = 4

	recordCurrent = recordV4
)

// unixToYear1 shifts Unix seconds so the zero time.Time encodes as 0.
const unixToYear1 = 62135596800

// label codes; labelOther is followed by the label string.
const (
	labelEmpty byte = iota
	labelNegative
	labelNeutral
	labelPositive
	labelOther
)

const (
	flagScored byte = 1 << iota
	flagComplaint
	flagMismatch
)

// encodeMention appends m's binary record to b. The layout is fixed-order
// fields: length-prefixed strings, varints, little-endian float64s.
// m.Analysis.Explain is not stored. tc codes the title and text; nil makes
// a coder for this call alone.
func encodeMention(b []byte, m *model.Mention, tc *textCoder) []byte {
	if tc == nil {
		tc = newTextCoder()
	}
	b = append(b, recordCurrent)
	for _, s := range [...]string{m.ID, m.Source, m.URL, m.Author} {
		b = appendStr(b, s)
	}
	b = tc.appendPacked(tc.appendPacked(b, m.Title), m.Text)
	b = appendStr(b, m.Lang)
	b = appendStrs(b, m.AlsoSeenIn)
	b = appendStrs(b, m.Brands)
	if m.Rating != nil {
		b = appendF64(append(b, 1), *m.Rating)
	} else {
		b = append(b, 0)
	}
	b = appendTimeVal(appendTimeVal(b, m.PublishedAt), m.FetchedAt)
	if m.Analysis == nil {
		return append(b, 0)
	}
	return encodeAnalysis(append(b, 1), m.Analysis)
}

func encodeAnalysis(b []byte, a *model.Analysis) []byte {
	b = appendStr(appendStr(b, a.Version), a.Lang)
	var flags byte
	for i, on := range [...]bool{a.Scored, a.Complaint, a.RatingMismatch} {
		if on {
			flags |= 1 << i
		}
	}
	b = appendF64(appendF64(append(b, flags), a.Score), a.Confidence)
	b = appendLabel(b, a.Label)
	b = binary.AppendVarint(b, int64(a.Urgency))
	b = binary.AppendUvarint(b, uint64(len(a.Aspects)))
	for _, as := range a.Aspects {
		b = appendF64(appendStr(b, as.Aspect), as.Score)
	}
	return b
}

func appendLabel(b []byte, l model.Label) []byte {
	switch {
	case l == "":
		return append(b, labelEmpty)
	case l.Index() >= 0:
		return append(b, labelNegative+byte(l.Index()))
	}
	return appendStr(append(b, labelOther), string(l))
}

func appendStr(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendStrs(b []byte, ss []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = appendStr(b, s)
	}
	return b
}

func appendF64(b []byte, f float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
}

func appendTimeVal(b []byte, t time.Time) []byte {
	return binary.AppendUvarint(binary.AppendVarint(b, t.Unix()+unixToYear1), uint64(t.Nanosecond()))
}

// decodeMention parses a record. It checks every length against the bytes
// left, so corrupt input gives an error wrapping ErrCorrupt, never a panic or
// a huge allocation. All strings share one copy of the record.
func decodeMention(rec []byte, m *model.Mention) error {
	if len(rec) == 0 || rec[0] < recordV1 || rec[0] > recordCurrent {
		return fmt.Errorf("mention record: unknown version: %w", ErrCorrupt)
	}
	r := reader{b: rec, s: string(rec), off: 1, ver: rec[0]}
	*m = model.Mention{ID: r.str(), Source: r.str(), URL: r.str(), Author: r.str()}
	if r.ver >= recordV3 {
		x4 := r.ver >= recordV4
		m.Title, m.Text = r.packedStr(x4), r.packedStr(x4)
	} else {
		m.Title, m.Text = r.str(), r.str()
	}
	m.Lang = r.str()
	m.AlsoSeenIn = r.strs()
	m.Brands = r.strs()
	if r.flag() {
		rating := r.f64()
		m.Rating = &rating
	}
	m.PublishedAt = r.time()
	m.FetchedAt = r.time()
	if r.flag() {
		m.Analysis = r.analysis()
	}
	return r.done("mention record")
}

// analysisBlock lets one allocation hold an analysis with its usual few
// aspects and contributions; the slices are capped, so appending copies.
type analysisBlock struct {
	a       model.Analysis
	aspects [3]model.AspectScore
	explain [4]model.Contribution
}

func (r *reader) analysis() *model.Analysis {
	blk := &analysisBlock{}
	a := &blk.a
	a.Version, a.Lang = r.str(), r.str()
	flags := r.byte()
	if flags&^(flagScored|flagComplaint|flagMismatch) != 0 {
		r.fail("unknown analysis flags")
	}
	a.Scored, a.Complaint, a.RatingMismatch = flags&flagScored != 0, flags&flagComplaint != 0, flags&flagMismatch != 0
	a.Score, a.Confidence = r.f64(), r.f64()
	a.Label = r.label()
	a.Urgency = int(r.varint())
	if n := r.count(9); n > 0 {
		if n <= len(blk.aspects) {
			a.Aspects = blk.aspects[:n:n]
		} else {
			a.Aspects = make([]model.AspectScore, n)
		}
		for i := range a.Aspects {
			a.Aspects[i] = model.AspectScore{Aspect: r.str(), Score: r.f64()}
		}
	}
	if r.ver >= recordV2 {
		return a
	}
	if n := r.count(10); n > 0 { // a recordV1 record keeps its stored explanation
		if n <= len(blk.explain) {
			a.Explain = blk.explain[:n:n]
		} else {
			a.Explain = make([]model.Contribution, n)
		}
		for i := range a.Explain {
			a.Explain[i] = model.Contribution{Token: r.str(), Rule: r.str(), Weight: r.f64()}
		}
	}
	return a
}

func (r *reader) label() model.Label {
	switch c := r.byte(); {
	case c == labelEmpty:
		return ""
	case c <= labelPositive:
		return model.Labels[c-labelNegative]
	case c == labelOther:
		return model.Label(r.str())
	}
	r.fail("unknown label code")
	return ""
}
