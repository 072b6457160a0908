package store

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"

	"github.com/earshot/earshot/internal/model"
)

// Key layouts. A mention key is time8|seq8: the publish time as sortable
// nanoseconds, then a per-file sequence that makes equal times unique. Index
// keys end with the same 16 bytes, so a cursor is the mention key whatever
// index a query walks.
const (
	timeLen  = 8
	mkeyLen  = timeLen + 8
	hourLen  = 4
	signFlip = uint64(1) << 63
	// maxName bounds brand and source names: keys hold a brand and a source
	// (rollups) and must stay under bbolt's 32 KiB key limit.
	maxName = model.MaxNameBytes
)

var (
	minKeyTime = time.Unix(0, math.MinInt64).UTC()
	maxKeyTime = time.Unix(0, math.MaxInt64).UTC()
)

// timeKey maps t to 8 bytes that sort like the times. Times outside the
// int64-nanosecond range (including the zero time) clamp to the ends.
func timeKey(t time.Time) uint64 {
	switch {
	case t.Before(minKeyTime):
		return 0
	case t.After(maxKeyTime):
		return math.MaxUint64
	}
	return uint64(t.UnixNano()) ^ signFlip
}

func keyTime(k uint64) time.Time { return time.Unix(0, int64(k^signFlip)).UTC() }

func appendTime(b []byte, t time.Time) []byte { return binary.BigEndian.AppendUint64(b, timeKey(t)) }

// mentionKey is time8|seq8.
func appendMentionKey(b []byte, t time.Time, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(appendTime(b, t), seq)
}

// appendName writes a 2-byte length then the name, so prefixes of different
// names never overlap ("ab" vs "abc") and any bytes are allowed in names.
func appendName(b []byte, name string) []byte {
	b = binary.BigEndian.AppendUint16(b, uint16(len(name)))
	return append(b, name...)
}

// hourNum is the number of whole hours since the Unix epoch, clamped to uint32.
func hourNum(t time.Time) uint32 {
	h := t.Unix() / 3600
	if t.Unix() < 0 && t.Unix()%3600 != 0 {
		h--
	}
	switch {
	case h < 0:
		return 0
	case h > math.MaxUint32:
		return math.MaxUint32
	}
	return uint32(h)
}

func hourTime(h uint32) time.Time { return time.Unix(int64(h)*3600, 0).UTC() }

// rollupPrefix is len|brand|len|source; source "" is the all-sources series.
func rollupPrefix(brand, source string) []byte {
	return appendName(appendName(make([]byte, 0, 4+len(brand)+len(source)+hourLen), brand), source)
}

// validName reports whether a brand or source name fits a key prefix.
func validName(s string) bool { return len(s) <= maxName }

// afterKey returns the smallest key greater than every key starting with k.
func afterKey(k []byte) []byte {
	out := append([]byte(nil), k...)
	for i := len(out) - 1; i >= 0; i-- {
		if out[i] < 0xff {
			out[i]++
			return out[:i+1]
		}
	}
	return nil // k is all 0xff: no upper bound
}

// An ids value is the mention key packed: time8 then the sequence as a
// uvarint (~3 bytes for a file's first 2M mentions instead of 8), ~5 bytes
// less per id. Files written before keep whole 16-byte keys, which
// idValueKey reads as they are.
func appendIDValue(b, mkey []byte) []byte {
	seq := binary.BigEndian.Uint64(mkey[timeLen:])
	if seq >= 1<<49 && seq < 1<<56 { // an 8-byte uvarint: 16 bytes would read as a whole key
		return append(b, mkey...)
	}
	return binary.AppendUvarint(append(b, mkey[:timeLen]...), seq)
}

// idValueKey returns the mention key an ids value points at.
func idValueKey(v []byte) ([]byte, error) {
	if len(v) == mkeyLen {
		return v, nil
	}
	if len(v) > timeLen {
		if seq, n := binary.Uvarint(v[timeLen:]); n > 0 && timeLen+n == len(v) {
			return binary.BigEndian.AppendUint64(append(make([]byte, 0, mkeyLen), v[:timeLen]...), seq), nil
		}
	}
	return nil, fmt.Errorf("id index value %x: %w", v, ErrCorrupt)
}
