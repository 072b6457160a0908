package store

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"
)

// reader reads a binary record with bounds checks. The first problem sticks:
// later reads return zero values, and done reports it.
type reader struct {
	b    []byte
	s    string // the same bytes as b, so strings are substrings of one allocation (without an arena)
	off  int
	ver  byte  // the record's layout version, for fields that differ between layouts
	dict *dict // interned names (recordV6)
	err  error
	// arena holds what the record decodes to, when a scan provides one.
	arena *decodeArena
}

func (r *reader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("%s at byte %d: %w", what, r.off, ErrCorrupt)
	}
	r.off = len(r.b)
}

func (r *reader) byte() byte {
	if r.off >= len(r.b) {
		r.fail("truncated")
		return 0
	}
	r.off++
	return r.b[r.off-1]
}

func (r *reader) flag() bool {
	switch r.byte() {
	case 0:
		return false
	case 1:
		return true
	}
	r.fail("bad flag")
	return false
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.fail("bad uvarint")
		return 0
	}
	r.off += n
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b[r.off:])
	if n <= 0 {
		r.fail("bad varint")
		return 0
	}
	r.off += n
	return v
}

func (r *reader) f64() float64 {
	if len(r.b)-r.off < 8 {
		r.fail("truncated float")
		return 0
	}
	r.off += 8
	return math.Float64frombits(binary.LittleEndian.Uint64(r.b[r.off-8:]))
}

// score reads what appendScore wrote.
func (r *reader) score() float64 {
	if len(r.b)-r.off < 2 {
		r.fail("truncated score")
		return 0
	}
	r.off += 2
	k := int16(binary.LittleEndian.Uint16(r.b[r.off-2:]))
	if k == scoreRaw {
		return r.f64()
	}
	return float64(k) / scoreScale
}

// published reads what appendPublished wrote, from key when it says so.
func (r *reader) published(key []byte) time.Time {
	switch r.byte() {
	case 0:
		if len(key) != mkeyLen {
			r.fail("published time is in the key, which is missing")
			return time.Time{}
		}
		return keyTime(binary.BigEndian.Uint64(key))
	case 1:
		return r.time()
	}
	r.fail("bad published time")
	return time.Time{}
}

// fetched reads what appendFetched wrote.
func (r *reader) fetched(published time.Time) time.Time {
	switch tag := r.uvarint(); {
	case tag == 0:
		return time.Time{}
	case tag == 2:
		return r.time()
	case tag&3 == 1:
		zz := tag >> 2
		d := int64(zz>>1) ^ -int64(zz&1)
		nsec := r.uvarint()
		if nsec >= 1e9 || d <= -maxFetchedDelta || d >= maxFetchedDelta {
			r.fail("bad nanoseconds")
			return time.Time{}
		}
		return time.Unix(published.Unix()+d, int64(nsec)).UTC()
	}
	r.fail("bad fetched time")
	return time.Time{}
}

func (r *reader) str() string { return r.strN(r.uvarint()) }

// strN reads a string of n bytes.
func (r *reader) strN(n uint64) string {
	if n > uint64(len(r.b)-r.off) {
		r.fail("string longer than record")
		return ""
	}
	r.off += int(n)
	if r.arena != nil {
		return r.arena.copyString(r.b[r.off-int(n) : r.off])
	}
	return r.s[r.off-int(n) : r.off]
}

// count reads an element count and checks that minSize bytes per element are
// left, so a corrupt count cannot make a huge slice.
func (r *reader) count(minSize int) int {
	n := r.uvarint()
	if n > uint64((len(r.b)-r.off)/minSize) {
		r.fail("count larger than record")
		return 0
	}
	return int(n)
}

func (r *reader) time() time.Time {
	sec, nsec := r.varint(), r.uvarint()
	if nsec >= 1e9 {
		r.fail("bad nanoseconds")
		return time.Time{}
	}
	if sec == 0 && nsec == 0 {
		return time.Time{}
	}
	return time.Unix(sec-unixToYear1, int64(nsec)).UTC()
}

func (r *reader) done(what string) error {
	if r.err == nil && r.off != len(r.b) {
		r.fail("trailing bytes")
	}
	if r.err != nil {
		return fmt.Errorf("%s: %w", what, r.err)
	}
	return nil
}
