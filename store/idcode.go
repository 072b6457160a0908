package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// recordV9 stores a mention ID's "type:" prefix (crawler.MentionID makes
// every crawled ID "type:native") as an interned name: uvarint(id<<1|1) then
// the rest as a string, ~9 bytes less per record. An ID without such a
// prefix is spelt out as uvarint(len<<1) and its bytes, like appendSym.
// Decoding a prefixed ID costs one small allocation.
const maxIDPrefix = 24 // "trustpilot:" is 11

// idPrefixLen returns the length of id's "type:" prefix, colon included, or
// 0. Only a short lower-case word counts, so IDs from an import (numbers,
// URLs, random prefixes) do not fill the strings bucket.
func idPrefixLen(id string) int {
	for i := 0; i < len(id) && i <= maxIDPrefix; i++ {
		switch c := id[i]; {
		case c == ':':
			return i + 1
		case c >= 'a' && c <= 'z', c == '_' || c == '-', i > 0 && c >= '0' && c <= '9':
		default:
			return 0
		}
	}
	return 0
}

// appendID writes id in the recordV9 layout, interning its prefix in d.
func appendID(b []byte, d *dict, id string) []byte {
	if n := idPrefixLen(id); n > 1 {
		if pid := d.intern(id[:n]); pid != 0 {
			return appendStr(binary.AppendUvarint(b, pid<<1|1), id[n:])
		}
	}
	return append(binary.AppendUvarint(b, uint64(len(id))<<1), id...)
}

// id reads what appendID wrote.
func (r *reader) id() string {
	tag := r.uvarint()
	if tag&1 == 0 {
		return r.strN(tag >> 1)
	}
	prefix, ok := r.dict.name(tag >> 1)
	rest := r.str()
	if !ok {
		r.fail("unknown interned id prefix")
		return ""
	}
	return r.arena.concat(prefix, rest)
}

// From schema 7 on, an ids key with a "type:" prefix the dict holds is
// 0x00|uvarint(prefix id)|rest, ~9 bytes shorter; any other ID is its own
// bytes, and one that starts with a 0x00 byte is escaped as 0x00 0x00|id
// (uvarint of an id >= 1 never begins with 0x00). As with index names, a
// prefix has one form for good: writers intern it whenever the dict can.
func appendIDKey(b []byte, d *dict, id string, intern bool) []byte {
	if n := idPrefixLen(id); n > 1 {
		pid := d.lookup(id[:n])
		if pid == 0 && intern {
			pid = d.intern(id[:n])
		}
		if pid != 0 {
			return append(binary.AppendUvarint(append(b, 0), pid), id[n:]...)
		}
	}
	if id != "" && id[0] == 0 {
		b = append(b, 0, 0)
	}
	return append(b, id...)
}

// migrateIDKeys (schema 6 -> 7) rewrites every ids key from the ID itself
// to its appendIDKey form. Values stay.
func migrateIDKeys(tx *bolt.Tx) error {
	d := txDict(tx)
	err := rebuildBucket(tx, bucketIDs, fillIDs, func(k []byte) ([]byte, error) {
		return appendIDKey(nil, d, string(k), true), nil
	})
	if err != nil {
		return fmt.Errorf("rekey ids: %w", err)
	}
	return d.err
}
