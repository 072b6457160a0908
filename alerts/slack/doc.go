// Package slack delivers earshot alerts to Slack through slack-go: with a bot
// token (chat.postMessage, resolve notices in the firing alert's thread) or
// an incoming webhook. Messages are Block Kit with a plain-text fallback,
// kept within Slack's limits, and every piece of untrusted text (brand
// names, terms, mention texts) is escaped so it can never mention a channel,
// a user or disguise a link; links are built only from http(s) URLs and
// unfurling is off.
//
// The package must not log or return the token or the webhook URL: errors
// are scrubbed before they leave Notify.
package slack
