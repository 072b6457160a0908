package store

import "unsafe"

// decodeArena hands a scan's decoded mentions their memory in chunks: a
// week's query decodes ~233k mentions, and allocating each one's record
// copy, text, id, URL, brand list and analysis apart made allocation and GC
// a third of its time (BenchmarkQueryWeek). What the arena hands out may be
// kept like any string or slice; a kept one keeps its chunk alive, which
// bounds the cost of keeping a few mentions of many to a chunk each.
// A nil *decodeArena allocates each piece on its own.
type decodeArena struct {
	bytes  []byte
	strs   []string
	blocks []analysisBlock
}

const (
	arenaBytes  = 16 << 10 // ~13 mentions of ~1.2 KB
	arenaStrs   = 256
	arenaBlocks = 16
)

// alloc returns n bytes of zeroed memory.
func (a *decodeArena) alloc(n int) []byte {
	if a == nil || n > arenaBytes/8 {
		return make([]byte, n)
	}
	if len(a.bytes)+n > cap(a.bytes) {
		a.bytes = make([]byte, 0, arenaBytes)
	}
	at := len(a.bytes)
	a.bytes = a.bytes[:at+n]
	return a.bytes[at : at+n : at+n]
}

// copyString returns a string holding b's bytes.
func (a *decodeArena) copyString(b []byte) string {
	if a == nil {
		return string(b)
	}
	out := a.alloc(len(b))
	copy(out, b)
	return unsafe.String(unsafe.SliceData(out), len(out))
}

// concat returns x+y.
func (a *decodeArena) concat(x, y string) string {
	if a == nil || x == "" || y == "" {
		return x + y
	}
	out := a.alloc(len(x) + len(y))
	copy(out[copy(out, x):], y)
	return unsafe.String(unsafe.SliceData(out), len(out))
}

// strings returns a slice of n empty strings, full to its capacity so that
// an append by whoever keeps it copies instead of writing into the chunk.
func (a *decodeArena) strings(n int) []string {
	if a == nil || n > arenaStrs/8 {
		return make([]string, n)
	}
	if len(a.strs)+n > cap(a.strs) {
		a.strs = make([]string, 0, arenaStrs)
	}
	at := len(a.strs)
	a.strs = a.strs[:at+n]
	return a.strs[at : at+n : at+n]
}

// block returns a zeroed analysisBlock.
func (a *decodeArena) block() *analysisBlock {
	if a == nil {
		return &analysisBlock{}
	}
	if len(a.blocks) == cap(a.blocks) {
		a.blocks = make([]analysisBlock, 0, arenaBlocks)
	}
	a.blocks = a.blocks[:len(a.blocks)+1]
	return &a.blocks[len(a.blocks)-1]
}
