package store

import (
	"encoding/binary"
	"strings"
)

// recordV8 stores a mention's URL without the scheme and "www." that nearly
// every URL starts with (~11 bytes less for https://www.), or as a flag when
// it is what the ID names after its "type:" prefix, as crawlers make the ID
// of an item with no native id (crawler.MentionID with the canonical URL).
//
// The URL is uvarint(len(rest)<<3|code) then rest; code says what comes
// before rest. The header is 2 bytes from 16 bytes of rest on, so a URL with
// none of the prefixes costs one byte more than in recordV7. Decoding a
// prefixed URL costs one small allocation.
const (
	urlRaw    = iota // rest is the whole URL
	urlFromID        // the URL is the ID after its first ':'; rest is empty
	// codes 2.. index urlPrefixes-2
)

// urlPrefixes are tried in order, so a longer prefix comes before its own
// prefix. Frozen: stored records depend on their order.
var urlPrefixes = [...]string{"https://www.", "https://", "http://www.", "http://"}

const urlCodes = uint64(2 + len(urlPrefixes)) // codes must fit in 3 bits

// appendURL writes url in the recordV8 layout; id is the mention's ID.
func appendURL(b []byte, url, id string) []byte {
	if i := strings.IndexByte(id, ':'); url != "" && i >= 0 && id[i+1:] == url {
		return binary.AppendUvarint(b, urlFromID)
	}
	for i, p := range urlPrefixes {
		if rest, ok := strings.CutPrefix(url, p); ok {
			return append(binary.AppendUvarint(b, uint64(len(rest))<<3|uint64(2+i)), rest...)
		}
	}
	return append(binary.AppendUvarint(b, uint64(len(url))<<3), url...) // code urlRaw
}

// url reads what appendURL wrote for a mention whose ID is id.
func (r *reader) url(id string) string {
	h := r.uvarint()
	code, rest := h&7, r.strN(h>>3)
	switch {
	case code == urlRaw:
		return rest
	case code == urlFromID && rest == "":
		if i := strings.IndexByte(id, ':'); i >= 0 && i+1 < len(id) {
			return id[i+1:]
		}
	case code >= 2 && code < urlCodes:
		return r.arena.concat(urlPrefixes[code-2], rest)
	}
	r.fail("bad url code")
	return ""
}
