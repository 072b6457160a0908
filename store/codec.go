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
	// recordV5 stores scores as fixed-point int16 (see appendScore), FetchedAt
	// as seconds after PublishedAt, and the analysis language as a flag when
	// it is the mention's: ~29 bytes less per typical record.
	recordV5 = 5
	// recordV6 interns the source, language, brand, also-seen-in, analysis
	// version and aspect names through the strings bucket (dict.go).
	recordV6 = 6
	// recordV7 leaves PublishedAt out when the record's key holds it exactly
	// (every valid mention): ~10 bytes less. Decoding such a record needs its key.
	recordV7 = 7
	// recordV8 stores the URL without its common prefix, or as a flag when
	// the ID holds it (url.go).
	recordV8 = 8
	// recordV9 interns the ID's "type:" prefix (idcode.go).
	recordV9 = 9

	recordCurrent = recordV9
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
	flagSameLang // recordV5: Analysis.Lang equals Mention.Lang and is not stored
)

// Scores (Analysis.Score, Confidence, aspect scores) are stored from
// recordV5 on as int16 multiples of scoreStep: 1e-4 resolution over ±3.2767,
// which covers their -1..1 range with room to spare, in 2 bytes instead of
// 8. A decoded score is the nearest float64 to k*scoreStep, so encoding it
// again gives the same k. A value outside the range, NaN or infinite, is
// stored whole after the scoreRaw marker instead.
const (
	scoreScale = 1e4
	scoreRaw   = math.MinInt16
)

// encodeMention appends m's binary record to b. The layout is fixed-order
// fields: length-prefixed strings, varints, little-endian float64s.
// m.Analysis.Explain is not stored. tc codes the title and text; nil makes
// a coder for this call alone. Names are interned in d; a nil d spells
// them out.
func encodeMention(b []byte, m *model.Mention, tc *textCoder, d *dict) []byte {
	if tc == nil {
		tc = newTextCoder()
	}
	b = append(b, recordCurrent)
	b = appendID(b, d, m.ID)
	b = appendSym(b, d, m.Source)
	b = appendStr(appendURL(b, m.URL, m.ID), m.Author)
	b = tc.appendPacked(tc.appendPacked(b, m.Title), m.Text)
	b = appendSym(b, d, m.Lang)
	b = appendSyms(b, d, m.AlsoSeenIn)
	b = appendSyms(b, d, m.Brands)
	if m.Rating != nil {
		b = appendF64(append(b, 1), *m.Rating)
	} else {
		b = append(b, 0)
	}
	b = appendFetched(appendPublished(b, m.PublishedAt), m.PublishedAt, m.FetchedAt)
	if m.Analysis == nil {
		return append(b, 0)
	}
	return encodeAnalysis(append(b, 1), m.Analysis, m.Lang, d)
}

func encodeAnalysis(b []byte, a *model.Analysis, lang string, d *dict) []byte {
	b = appendSym(b, d, a.Version)
	var flags byte
	for i, on := range [...]bool{a.Scored, a.Complaint, a.RatingMismatch, a.Lang == lang} {
		if on {
			flags |= 1 << i
		}
	}
	b = append(b, flags)
	if flags&flagSameLang == 0 {
		b = appendSym(b, d, a.Lang)
	}
	b = appendScore(appendScore(b, a.Score), a.Confidence)
	b = appendLabel(b, a.Label)
	b = binary.AppendVarint(b, int64(a.Urgency))
	b = binary.AppendUvarint(b, uint64(len(a.Aspects)))
	for _, as := range a.Aspects {
		b = appendScore(appendSym(b, d, as.Aspect), as.Score)
	}
	return b
}

// appendScore writes f as a little-endian int16 count of 1/scoreScale, or
// scoreRaw and the float64 when f is out of range or not a number.
func appendScore(b []byte, f float64) []byte {
	k := math.Round(f * scoreScale)
	if !(k > scoreRaw && k <= math.MaxInt16) { // also NaN
		return appendF64(binary.LittleEndian.AppendUint16(b, uint16(0x8000)), f)
	}
	return binary.LittleEndian.AppendUint16(b, uint16(int16(k)))
}

// storedScore is f as the record will read back: rollups count that value,
// so re-scoring (which subtracts what it reads) removes exactly what Put
// added, and a score that rounds to 0 is not a negative aspect on the way in
// and a neutral one on the way out.
func storedScore(f float64) float64 {
	k := math.Round(f * scoreScale)
	if !(k > scoreRaw && k <= math.MaxInt16) {
		return f
	}
	return float64(int16(k)) / scoreScale
}

// maxFetchedDelta bounds the seconds appendFetched stores as a delta, so
// adding it back never overflows (~35,000 years).
const maxFetchedDelta = 1 << 40

// appendFetched writes fetched as 0 when it is zero, else as
// uvarint(zigzag(seconds after published)<<1|1) and its nanoseconds: a crawl
// fetches a mention minutes after it is published, so 2 bytes instead of 5.
func appendFetched(b []byte, published, fetched time.Time) []byte {
	if fetched.IsZero() {
		return append(b, 0)
	}
	d := fetched.Unix() - published.Unix()
	if d <= -maxFetchedDelta || d >= maxFetchedDelta { // store the time whole
		return appendTimeVal(append(b, 2), fetched)
	}
	zz := uint64(d<<1) ^ uint64(d>>63)
	return binary.AppendUvarint(binary.AppendUvarint(b, zz<<2|1), uint64(fetched.Nanosecond()))
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

func appendF64(b []byte, f float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
}

// appendPublished writes 0 when the mention key's time8 holds t exactly
// (the mention is stored under appendMentionKey(t, seq)), else 1 and t.
func appendPublished(b []byte, t time.Time) []byte {
	if keyTime(timeKey(t)).Equal(t) {
		return append(b, 0)
	}
	return appendTimeVal(append(b, 1), t)
}

func appendTimeVal(b []byte, t time.Time) []byte {
	return binary.AppendUvarint(binary.AppendVarint(b, t.Unix()+unixToYear1), uint64(t.Nanosecond()))
}

// decodeMention parses a record. It checks every length against the bytes
// left, so corrupt input gives an error wrapping ErrCorrupt, never a panic or
// a huge allocation. All strings share one copy of the record, or the
// interned names of d (the transaction's; nil knows none). key is the
// record's mention key, which recordV7 takes PublishedAt from.
func decodeMention(rec, key []byte, m *model.Mention, d *dict) error {
	return decodeMentionIn(rec, key, m, d, nil)
}

// decodeMentionIn is decodeMention with the decoded strings and slices
// taken from arena (nil: each allocated on its own).
func decodeMentionIn(rec, key []byte, m *model.Mention, d *dict, arena *decodeArena) error {
	if len(rec) == 0 || rec[0] < recordV1 || rec[0] > recordCurrent {
		return fmt.Errorf("mention record: unknown version: %w", ErrCorrupt)
	}
	r := reader{b: rec, off: 1, ver: rec[0], dict: d, arena: arena}
	if arena == nil {
		r.s = string(rec)
	}
	*m = model.Mention{}
	if r.ver >= recordV9 {
		m.ID = r.id()
	} else {
		m.ID = r.str()
	}
	m.Source = r.sym()
	if r.ver >= recordV8 {
		m.URL = r.url(m.ID)
	} else {
		m.URL = r.str()
	}
	m.Author = r.str()
	if r.ver >= recordV3 {
		x4 := r.ver >= recordV4
		m.Title, m.Text = r.packedStr(x4), r.packedStr(x4)
	} else {
		m.Title, m.Text = r.str(), r.str()
	}
	m.Lang = r.sym()
	m.AlsoSeenIn = r.syms()
	m.Brands = r.syms()
	if r.flag() {
		rating := r.f64()
		m.Rating = &rating
	}
	if r.ver >= recordV7 {
		m.PublishedAt = r.published(key)
	} else {
		m.PublishedAt = r.time()
	}
	if r.ver >= recordV5 {
		m.FetchedAt = r.fetched(m.PublishedAt)
	} else {
		m.FetchedAt = r.time()
	}
	if r.flag() {
		m.Analysis = r.analysis(m.Lang)
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

func (r *reader) analysis(lang string) *model.Analysis {
	blk := r.arena.block()
	a := &blk.a
	v5 := r.ver >= recordV5
	a.Version = r.sym()
	if !v5 {
		a.Lang = r.str()
	}
	flags, known := r.byte(), flagScored|flagComplaint|flagMismatch
	if v5 {
		known |= flagSameLang
	}
	if flags&^known != 0 {
		r.fail("unknown analysis flags")
	}
	a.Scored, a.Complaint, a.RatingMismatch = flags&flagScored != 0, flags&flagComplaint != 0, flags&flagMismatch != 0
	switch {
	case !v5:
	case flags&flagSameLang != 0:
		a.Lang = lang
	default:
		a.Lang = r.sym()
	}
	score := r.f64
	if v5 {
		score = r.score
	}
	a.Score, a.Confidence = score(), score()
	a.Label = r.label()
	a.Urgency = int(r.varint())
	minAspect := 9 // a name's length byte and a float64
	if v5 {
		minAspect = 3 // and an int16
	}
	if n := r.count(minAspect); n > 0 {
		if n <= len(blk.aspects) {
			a.Aspects = blk.aspects[:n:n]
		} else {
			a.Aspects = make([]model.AspectScore, n)
		}
		for i := range a.Aspects {
			a.Aspects[i] = model.AspectScore{Aspect: r.sym(), Score: score()}
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
