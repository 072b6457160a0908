// Package store owns earshot's bbolt file: mentions and their indexes, hourly
// rollups, crawl state and runs, alerts, alert state and the durable outbox.
//
// Every write that belongs together (a crawl's mentions, their rollup
// increments, the source's new cursor and its run record) happens in one bbolt
// transaction, so a crash loses or keeps the whole batch and a retry is
// idempotent on the mention ids.
//
// Layout (all keys big-endian, time first where a range is scanned):
//
//	meta      schema version
//	mentions  time8|seq8 -> binary record (see codec.go)
//	ids       mention id -> time8|uvarint(seq) (also for ids merged into another
//	          mention; files written before hold the whole time8|seq8)
//	by_brand  name|time8|seq8 -> nil, where name is 0x01|uvarint(the brand's
//	          strings id), or 0x00|len|brand for a name the dict cannot hold
//	          (indexkey.go; len|brand before schema 5)
//	by_source name|time8|seq8 -> hash8 of the normalised text when it is long
//	          enough to be syndicated (looked up through an in-memory map), else nil
//	rollups   len|brand|len|source|hour4 -> binary model.Bucket
//	counters  kind|name -> uint64, for Stats without a scan
//	strings   id4 -> name: source, brand, language, version and aspect names
//	          that records store as ids (dict.go)
//	states, runs, alerts, alerts_by_time, outbox, pending, alert_states
//
// The package must not do network I/O, must not import crawler, sentiment or
// alerts, and never exposes *bbolt.Tx: callers get intent-named methods.
package store
