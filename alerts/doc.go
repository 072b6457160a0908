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
// Decisions, per rule and scope (brand, brand x aspect, brand x source):
//   - The window is the rule's hours up to the current one; a partial last
//     hour is compared with the matching fraction of its expected count, so
//     a storm is seen minutes after it starts. Window times make the alert ID,
//     so later looks at the same window never queue it again.
//   - negative_volume: hour-of-day x day-of-week baseline (level from the
//     last 7 days) once there are 14 days of history, an EWMA before that,
//     none under a day; Poisson tail, negative binomial when the history is
//     overdispersed (variance/mean > 1.5).
//   - negative_share: binomial tail against the last 7 days' negative share,
//     smoothed with a Beta(2, 8) prior.
//   - Guards: min_negative and min_total in the window, min_lift, p below
//     the sensitivity's threshold. Severity 1-3 by p-value and lift.
//   - A firing rule re-notifies only when severity rises; after a resolve, a
//     new alert of the same or lower severity waits for the cooldown.
//   - Resolve: when the last two complete windows are both clearly normal
//     (p >= 10x the threshold and lift under min_lift; a window below the
//     minimum counts does not fire, but is not "normal" either while its
//     evidence is strong or its level raised). The notice names the firing alert (Resolves).
//   - Completeness: a brand's window is incomplete when a source feeding it
//     has a failed latest run (a failure followed by a success is caught up,
//     since crawls resume from their cursor). Volume alerts still fire,
//     flagged Incomplete (counts are a lower bound); share alerts do not
//     (a missing source moves the share either way); nothing resolves on an
//     incomplete window.
//   - source_health: the last failing_runs runs of a source failed, or its
//     runs succeed but have brought nothing new for silent_for although it
//     delivered before.
//
// Delivery: a delivery is marked sent only once its notifier confirmed it.
// A failure worth retrying (a 429's Retry-After, an outage) backs off and
// holds its channel: the channel's later deliveries queue behind it without
// spending attempts, so Slack's pace is respected and a channel reads in the
// order its alerts were raised. A delivery given up on releases the channel.
// After a resolve notice is delivered, a Notifier that is a ResolveMarker
// (Slack with a bot token) marks the firing alert's own message resolved.
//
// The package must not import the store, the crawler, sentiment or any
// notifier: it declares the small interfaces it needs (Store, Outbox,
// Notifier), and providers (alerts/slack, alerts/webhook) import it.
package alerts
