package store

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
)

// textCodeLens is the bit length of each byte's code in the frozen
// textTable, one hex digit per byte value 0..255. huff0 rebuilds the codes
// from the table's weights the same way (see codeTable), but it also counts
// every input's histogram before coding, only to learn that the frozen table
// covers it; with a table that covers every byte that count was ~40% of the
// coding time. TestTextCodeLens derives these lengths from huff0's own
// output, and TestHuffEncoderMatchesHuff0 checks the codes byte for byte.
const textCodeLens = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb3abbbbb9bbbb8a7baaaaaaabbbbbbbbb" +
	"b9baa8bb99bbab99bb999abbbbbbbbbbb476536654a856447b554686a6bbbbbb" +
	"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" +
	"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

// huffCode is one byte's code: the low n bits of v.
type huffCode struct {
	v uint16
	n uint8
}

// textCodes is the frozen table's codes. It is read-only after init.
var textCodes = func() *[256]huffCode {
	c, err := codeTable(textCodeLens)
	if err != nil {
		panic("store: frozen text code lengths do not load: " + err.Error())
	}
	return c
}()

// codeTable assigns canonical codes to lens as huff0 (zstd's HUF) does: a
// code of n bits has weight tableLog+1-n; each weight's codes start where
// the weights below it end, in byte order within a weight.
func codeTable(lens string) (*[256]huffCode, error) {
	raw, err := hex.DecodeString(lens)
	if err != nil || len(raw) != 128 {
		return nil, fmt.Errorf("want 256 hex digits: %v", err)
	}
	var n [256]uint8
	var tableLog uint8
	for i := range n {
		n[i] = raw[i/2] >> 4
		if i%2 == 1 {
			n[i] = raw[i/2] & 15
		}
		if n[i] == 0 {
			return nil, fmt.Errorf("byte %d has no code", i)
		}
		tableLog = max(tableLog, n[i])
	}
	var start [16]uint32
	for _, l := range n {
		start[tableLog+1-l]++
	}
	var next uint32
	for w := uint8(1); w <= tableLog; w++ {
		cur := next
		next += start[w] << (w - 1)
		start[w] = cur
	}
	var c [256]huffCode
	for i, l := range n {
		w := tableLog + 1 - l
		c[i] = huffCode{v: uint16(start[w] >> (w - 1)), n: l}
		start[w] += 1 << (w - 1)
	}
	return &c, nil
}

// appendHuff4X appends src coded in huff0's 4X layout, which
// huff0.Decoder.Decompress4X reads: a 6-byte jump table holding the sizes of
// the first three streams (little endian), then four streams coding
// consecutive quarters of src ((len+3)/4 bytes each, the last one shorter).
// It reports false when a stream outgrows its 16-bit size.
func appendHuff4X(dst []byte, src string, c *[256]huffCode) ([]byte, bool) {
	seg := (len(src) + 3) / 4
	at := len(dst)
	dst = append(dst, 0, 0, 0, 0, 0, 0)
	for i := range 4 {
		start := len(dst)
		dst = appendHuff1X(dst, src[min(i*seg, len(src)):min((i+1)*seg, len(src))], c)
		if size := len(dst) - start; size > 0xffff {
			return dst[:at], false
		} else if i < 3 {
			binary.LittleEndian.PutUint16(dst[at+2*i:], uint16(size))
		}
	}
	return dst, true
}

// appendHuff1X appends one huff0 stream: the codes of src's bytes from the
// last to the first, packed from the low bit up, then a 1 bit that marks the
// end for the decoder, which reads backwards. Codes are at most 11 bits, so
// four fit above the < 8 bits left after each flush, and each flush stores
// all 8 bytes of the accumulator into room grown up front, then advances
// past the whole bytes (BenchmarkHuffEncode, 450 bytes: 683 -> ~515 ns).
func appendHuff1X(dst []byte, src string, c *[256]huffCode) []byte {
	at := len(dst)
	buf := slices.Grow(dst, (len(src)*11+8)/8+8)
	buf = buf[:cap(buf)]
	var acc uint64
	var nb uint
	i := len(src)
	for ; i >= 4; i -= 4 {
		e0, e1, e2, e3 := c[src[i-1]], c[src[i-2]], c[src[i-3]], c[src[i-4]]
		acc |= uint64(e0.v) << nb
		nb += uint(e0.n)
		acc |= uint64(e1.v) << nb
		nb += uint(e1.n)
		acc |= uint64(e2.v) << nb
		nb += uint(e2.n)
		acc |= uint64(e3.v) << nb
		nb += uint(e3.n)
		binary.LittleEndian.PutUint64(buf[at:], acc)
		at += int(nb >> 3)
		acc >>= nb &^ 7
		nb &= 7
	}
	for ; i > 0; i-- {
		acc |= uint64(c[src[i-1]].v) << nb
		nb += uint(c[src[i-1]].n)
	}
	acc |= 1 << nb // at most 7+3*11 bits before it
	binary.LittleEndian.PutUint64(buf[at:], acc)
	return buf[:at+int(nb+8)/8]
}
