package store

import (
	"encoding/binary"
	"errors"
	"math/bits"
)

// huffDecoder decodes what appendHuff4X and appendHuff1X write with the
// frozen table, several symbols per table lookup.
//
// Why not huff0's own decoder: a week's query decodes ~233k texts of ~450
// bytes, and on texts that short huff0 spends as long in its per-symbol Go
// tail loop (after its assembly main loop stops, ~8 bytes before each
// stream's end) as in the main loop: ~1.2 µs a text, most of the query. Our
// codes are at most 11 bits and English's average ~4.3, so one 11-bit
// lookup yields 2.5 symbols on average (BenchmarkTextDecode). huff0 stays
// the reference: TestHuffDecoderMatchesHuff0 and FuzzHuffDecoder compare
// the two on valid and corrupt input.
type huffDecoder struct {
	// multi[p] decodes the next 11 bits p (first bit highest): up to three
	// whole codes' bytes in bits 0-23, their count in 24-25 and their
	// total length in 26-29. Every p holds at least one whole code.
	multi [1 << huffPeek]uint32
	// single[p] is the first code in p: its byte, and its length << 8.
	single [1 << huffPeek]uint16
}

// huffPeek is the lookup width: the longest code (textCodeLens' "b").
const huffPeek = 11

var errHuffCorrupt = errors.New("corrupt Huffman stream")

// newHuffDecoder builds the lookup tables for codes, whose lengths must be
// at most huffPeek bits.
func newHuffDecoder(codes *[256]huffCode) (*huffDecoder, error) {
	d := &huffDecoder{}
	for sym, c := range codes {
		if c.n == 0 || c.n > huffPeek {
			return nil, errors.New("code length out of range")
		}
		first := int(c.v) << (huffPeek - c.n)
		for x := range 1 << (huffPeek - c.n) {
			if d.single[first+x] != 0 {
				return nil, errors.New("codes overlap: not a prefix code")
			}
			d.single[first+x] = uint16(sym) | uint16(c.n)<<8
		}
	}
	for p := range d.multi {
		var syms, count, used uint32
		for count < 3 {
			// The bits after used are known only up to bit huffPeek-used;
			// a code that fits in them is decided whatever follows.
			e := d.single[(p<<used)&(1<<huffPeek-1)]
			n := uint32(e >> 8)
			if n == 0 {
				return nil, errors.New("incomplete code: some bit pattern has no code")
			}
			if used+n > huffPeek {
				break
			}
			syms |= uint32(e&0xff) << (8 * count)
			count++
			used += n
		}
		d.multi[p] = syms | count<<24 | used<<26
	}
	return d, nil
}

// decode4X decodes src, in appendHuff4X's layout, into out, whose length is
// the decoded size. Its four streams are decoded in step while each has
// room: their lookups do not wait on each other, so the CPU overlaps them.
func (d *huffDecoder) decode4X(out, src []byte) error {
	if len(src) < 6+4 {
		return errHuffCorrupt
	}
	seg := (len(out) + 3) / 4
	var st [4]huffStream
	start := 6
	for i := range st {
		end := len(src)
		if i < 3 {
			end = start + int(binary.LittleEndian.Uint16(src[2*i:]))
			if end >= len(src) { // the streams after it need a byte each
				return errHuffCorrupt
			}
		}
		var err error
		if st[i], err = newHuffStream(src[start:end], min(i*seg, len(out)), min((i+1)*seg, len(out))); err != nil {
			return err
		}
		start = end
	}
	s0, s1, s2, s3 := &st[0], &st[1], &st[2], &st[3]
	// Four codes groups a stream while each has 57 bits in reach and room
	// for 4*3 bytes and a spare.
	for min(s0.pos, s1.pos, s2.pos, s3.pos) >= 57 && min(s0.end-s0.o, s1.end-s1.o, s2.end-s2.o, s3.end-s3.o) >= 13 {
		w0, w1, w2, w3 := s0.load(), s1.load(), s2.load(), s3.load()
		for range 4 {
			e0, e1, e2, e3 := d.multi[w0>>(64-huffPeek)], d.multi[w1>>(64-huffPeek)], d.multi[w2>>(64-huffPeek)], d.multi[w3>>(64-huffPeek)]
			binary.LittleEndian.PutUint32(out[s0.o:], e0)
			binary.LittleEndian.PutUint32(out[s1.o:], e1)
			binary.LittleEndian.PutUint32(out[s2.o:], e2)
			binary.LittleEndian.PutUint32(out[s3.o:], e3)
			s0.o, s1.o, s2.o, s3.o = s0.o+int(e0>>24&3), s1.o+int(e1>>24&3), s2.o+int(e2>>24&3), s3.o+int(e3>>24&3)
			w0, w1, w2, w3 = w0<<(e0>>26), w1<<(e1>>26), w2<<(e2>>26), w3<<(e3>>26)
			s0.pos, s1.pos, s2.pos, s3.pos = s0.pos-int(e0>>26), s1.pos-int(e1>>26), s2.pos-int(e2>>26), s3.pos-int(e3>>26)
		}
	}
	// Then one group a stream while each has a lookup's worth of its own
	// bits and room for a group and its spare: still in step, since a
	// stream's last ~60 bits decoded alone cost as much as all the rest.
	for min(s0.pos, s1.pos, s2.pos, s3.pos) >= huffPeek && min(s0.end-s0.o, s1.end-s1.o, s2.end-s2.o, s3.end-s3.o) >= 4 {
		e0, e1, e2, e3 := d.multi[s0.peek()], d.multi[s1.peek()], d.multi[s2.peek()], d.multi[s3.peek()]
		binary.LittleEndian.PutUint32(out[s0.o:], e0)
		binary.LittleEndian.PutUint32(out[s1.o:], e1)
		binary.LittleEndian.PutUint32(out[s2.o:], e2)
		binary.LittleEndian.PutUint32(out[s3.o:], e3)
		s0.o, s1.o, s2.o, s3.o = s0.o+int(e0>>24&3), s1.o+int(e1>>24&3), s2.o+int(e2>>24&3), s3.o+int(e3>>24&3)
		s0.pos, s1.pos, s2.pos, s3.pos = s0.pos-int(e0>>26), s1.pos-int(e1>>26), s2.pos-int(e2>>26), s3.pos-int(e3>>26)
	}
	for i := range st {
		if err := d.finish(out, &st[i]); err != nil {
			return err
		}
	}
	return nil
}

// decode1X decodes one stream, src, into out, whose length is the number of
// codes it must hold exactly.
func (d *huffDecoder) decode1X(out, src []byte) error {
	s, err := newHuffStream(src, 0, len(out))
	if err != nil {
		return err
	}
	return d.finish(out, &s)
}

// huffStream is one stream being decoded into out[o:end].
//
// A stream is read from its end: the highest set bit of its last byte
// marks where the codes start, and each code is read first bit highest.
// pos counts the bits left to read (bits 0..pos-1 of src, little endian).
type huffStream struct {
	src         []byte
	pos, o, end int
	// head is src's first bytes after eight zero bytes, so that a load near
	// the stream's start stays in bounds: bit i of src is bit i+64 of head.
	head [16]byte
}

func newHuffStream(src []byte, o, end int) (huffStream, error) {
	if len(src) == 0 || src[len(src)-1] == 0 {
		return huffStream{}, errHuffCorrupt
	}
	s := huffStream{src: src, pos: 8*(len(src)-1) + bits.Len8(src[len(src)-1]) - 1, o: o, end: end}
	copy(s.head[8:], src)
	return s, nil
}

// load returns the bits below pos, the next one highest: the top 57 at
// least are the stream's. It needs pos >= 57.
func (s *huffStream) load() uint64 {
	at := (s.pos - 57) >> 3
	return binary.LittleEndian.Uint64(s.src[at:]) << (64 - (s.pos - 8*at))
}

// peek returns the next huffPeek bits, zeros below the stream's bit 0.
func (s *huffStream) peek() uint64 {
	if s.pos >= 57 {
		return s.load() >> (64 - huffPeek)
	}
	p := s.pos + 64
	at := (p - 57) >> 3
	return binary.LittleEndian.Uint64(s.head[at:]) << (64 - (p - 8*at)) >> (64 - huffPeek)
}

// finish decodes the rest of s, checking that its codes fill out[o:end]
// exactly.
func (d *huffDecoder) finish(out []byte, s *huffStream) error {
	for s.o < s.end {
		if s.pos >= 57 && s.end-s.o >= 13 {
			// Four lookups use at most 44 of the bits and write at most
			// 4*3 bytes, plus a spare each that the next one overwrites,
			// below end.
			w := s.load()
			for range 4 {
				e := d.multi[w>>(64-huffPeek)]
				binary.LittleEndian.PutUint32(out[s.o:], e)
				s.o += int(e >> 24 & 3)
				w <<= e >> 26
				s.pos -= int(e >> 26)
			}
			continue
		}
		p := s.peek()
		// Several codes at once while they are the stream's own bits
		// (below its bit 0 the peek holds zeros, not codes) and their
		// bytes and the spare fit below end; else one code.
		if e := d.multi[p]; int(e>>26) <= s.pos && s.end-s.o >= 4 {
			binary.LittleEndian.PutUint32(out[s.o:], e)
			s.o += int(e >> 24 & 3)
			s.pos -= int(e >> 26)
			continue
		}
		e := d.single[p]
		n := int(e >> 8)
		if n > s.pos {
			return errHuffCorrupt // the last code runs past the stream's start
		}
		out[s.o] = byte(e)
		s.o++
		s.pos -= n
	}
	if s.pos != 0 {
		return errHuffCorrupt // codes left over: the stream is longer than its text
	}
	return nil
}
