package store

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"unsafe"

	"github.com/klauspost/compress/huff0"
)

// Texts and titles are stored Huffman-coded with one fixed table when that
// makes them shorter. English review text has ~4.3 bits of order-0 entropy
// per byte, so a fixed table saves ~40% of it. A fixed table costs nothing
// per record (a per-record table would eat the saving on ~450-byte texts),
// decodes at ~1 GB/s and codes at several, and LZ-style codecs (s2, snappy)
// find almost no repeats in one short review (measured: 448 -> 444 bytes).
//
// textTable is the table in huff0's (zstd's) serialised form, frozen: every
// recordV3 text depends on it, so changing it needs a new record version.
// It was built by huff0 from textWeights (text_test.go), general
// English letter frequencies, not from any data earshot ships or evaluates.
const textTable = "2e10c0130000c3cccccccccc1cb893fefbc691dfbbf3979bf7ae7957c964aa358f57ebc98d252222f27ea0095e269a"

// minPackedText is the shortest string worth trying to code: below it the
// length prefix and Huffman padding eat the saving.
const minPackedText = 32

// textHuff decodes packed strings (huffdec.go). It is read-only after init
// and safe for concurrent use.
var textHuff = func() *huffDecoder {
	d, err := newHuffDecoder(textCodes)
	if err != nil {
		panic("store: frozen text codes do not load: " + err.Error())
	}
	return d
}()

// loadTextTable reads the frozen table with huff0, the reference the
// encoder and decoder are tested against.
func loadTextTable() (*huff0.Scratch, error) {
	raw, err := hex.DecodeString(textTable)
	if err != nil {
		return nil, err
	}
	s, rest, err := huff0.ReadTable(raw, nil)
	if err == nil && len(rest) != 0 {
		err = errors.New("trailing bytes after the table")
	}
	return s, err
}

// textCoder codes strings with the frozen table (textCodes). It is not safe
// for concurrent use: each writer has its own, for its buffer.
type textCoder struct {
	buf []byte
}

func newTextCoder() *textCoder { return &textCoder{} }

// appendPacked writes s as uvarint(n<<1|packed) then either s's n raw bytes
// or uvarint(len(s)) and n bytes of Huffman code in four streams (huff0 4X:
// 6 bytes more than one stream, but decoding ~1.5x faster, measured 0.95
// against 1.4 µs on varied 450-byte texts, where a week's query decodes
// 125k of them). It codes only when that
// is shorter, so short or non-Latin texts stay raw. appendHuff4X writes what
// huff0.Compress4X would with the frozen table, without its histogram pass.
func (tc *textCoder) appendPacked(b []byte, s string) []byte {
	if len(s) >= minPackedText && len(s) <= huff0.BlockSizeMax {
		out, ok := appendHuff4X(tc.buf[:0], s, textCodes)
		tc.buf = out
		if ok && len(out)+binary.MaxVarintLen32 < len(s) {
			b = binary.AppendUvarint(b, uint64(len(out))<<1|1)
			return append(binary.AppendUvarint(b, uint64(len(s))), out...)
		}
	}
	return append(binary.AppendUvarint(b, uint64(len(s))<<1), s...)
}

// packedStr reads what appendPacked wrote; x4 is false for recordV3, whose
// coded strings are one stream. Without an arena a coded string gets its
// own allocation and a raw one shares the record's copy.
func (r *reader) packedStr(x4 bool) string {
	n := r.uvarint()
	if n&1 == 0 {
		return r.strN(n >> 1)
	}
	n >>= 1
	size := r.uvarint()
	// every byte costs at least one bit, so a sane size is at most 8 per coded byte
	if n > uint64(len(r.b)-r.off) || size == 0 || size > 8*n || size > huff0.BlockSizeMax {
		r.fail("bad packed string")
		return ""
	}
	out := r.arena.alloc(int(size))
	decode := textHuff.decode1X
	if x4 {
		decode = textHuff.decode4X
	}
	if err := decode(out, r.b[r.off:r.off+int(n)]); err != nil {
		r.fail("bad packed string")
		return ""
	}
	r.off += int(n)
	// out is never written again, so the string can share it.
	return unsafe.String(unsafe.SliceData(out), len(out))
}
