// Package alerts owns earshot's alerting: it detects negative spikes per brand
// (optionally per brand x aspect or x source) and unhealthy sources from the
// hourly rollups, explains every decision (observed vs expected, the test and
// its p-value, top terms, aspects, sources and example mentions), queues alerts
// in the store's durable outbox, and drains that outbox to named Notifiers.
//
// Detection reads rollups (Buckets), never rescans mentions; only the
// explanation of an alert that fires reads the mentions of its window.
// Evaluate writes alerts and rule state through the outbox in one store call,
// and Replay runs the same code over stored history with an in-memory state,
// writing and sending nothing, so users can tune rules on their own data.
//
// The package must not import the store, the crawler, sentiment or any
// notifier: it declares the small interfaces it needs (Store, Outbox,
// Notifier), and providers (alerts/slack, alerts/webhook) import it.
package alerts
