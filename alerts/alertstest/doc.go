// Package alertstest provides test helpers for alerts and its notifiers: an
// in-memory store that behaves like the outbox contract of store.DB, a
// hostile alert fixture, and AssertNotifyLeaksNoSecret. It is for tests only
// and must not be imported by production code.
package alertstest
