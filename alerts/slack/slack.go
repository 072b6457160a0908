package slack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/earshot/earshot/alerts"
	"github.com/earshot/earshot/internal/model"
	slackapi "github.com/slack-go/slack"
)

var (
	_ alerts.Notifier      = (*Notifier)(nil)
	_ alerts.ResolveMarker = (*Notifier)(nil)
)

// ErrNoCredentials is returned by New without a token or a webhook URL.
var ErrNoCredentials = errors.New("slack: neither a bot token nor an incoming webhook URL is set")

// Options configure a Notifier.
type Options struct {
	// Token is a bot token (chat.postMessage, threads, chat.update);
	// preferred when set.
	Token string
	// WebhookURL is an incoming webhook, used when Token is empty.
	WebhookURL string
	// Channel is the channel name or ID the bot posts to.
	Channel string
	// APIURL is the Slack API base (tests, Enterprise Grid); default slack.com.
	APIURL string
	// HTTPClient defaults to a client with a 30s timeout.
	HTTPClient *http.Client
	// MinInterval is the least time between two messages to one channel
	// (Slack allows about one a second); default 1s, negative disables.
	MinInterval time.Duration
	Logger      *slog.Logger
	Now         func() time.Time
}

// Notifier posts alerts to one Slack channel.
type Notifier struct {
	opts    Options
	client  *slackapi.Client
	log     *slog.Logger
	secrets []string

	mu   sync.Mutex
	next map[string]time.Time // channel -> earliest next post
}

// New returns a Notifier; it fails without a token or webhook URL, or with
// a token but no channel.
func New(opts Options) (*Notifier, error) {
	if opts.Token == "" && opts.WebhookURL == "" {
		return nil, ErrNoCredentials
	}
	if opts.Token != "" && opts.Channel == "" {
		return nil, errors.New("slack: a bot token needs a channel to post to")
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if opts.MinInterval == 0 {
		opts.MinInterval = time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	n := &Notifier{opts: opts, log: opts.Logger, next: map[string]time.Time{}}
	if n.log == nil {
		n.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	for _, s := range []string{opts.Token, opts.WebhookURL} {
		if s != "" {
			n.secrets = append(n.secrets, s, url.QueryEscape(s), url.PathEscape(s))
		}
	}
	if u, err := url.Parse(opts.WebhookURL); err == nil && opts.WebhookURL != "" && len(u.Path) > 1 {
		n.secrets = append(n.secrets, u.Path) // the path alone is the secret part
	}
	if opts.Token != "" {
		copts := []slackapi.Option{slackapi.OptionHTTPClient(opts.HTTPClient)}
		if opts.APIURL != "" {
			copts = append(copts, slackapi.OptionAPIURL(strings.TrimRight(opts.APIURL, "/")+"/"))
		}
		n.client = slackapi.New(opts.Token, copts...)
	}
	return n, nil
}

// Notify posts a to the channel. A reply (a resolve notice, or an alert
// following up another about the same storm) goes in the thread of the
// message d.ThreadRef names (bot token only). The ref it returns names the
// thread the message lives in, so later replies join the same thread.
func (n *Notifier) Notify(ctx context.Context, a model.Alert, d model.Delivery) (string, bool, error) {
	channel, thread := n.opts.Channel, ""
	if ch, ts, ok := strings.Cut(d.ThreadRef, "/"); ok && n.client != nil {
		channel, thread = ch, ts
	}
	blocks, text := Message(a)
	if thread != "" && a.FollowsUp != "" {
		blocks, text = Reply(a)
	}
	if err := n.pace(ctx); err != nil {
		return "", true, err
	}
	if n.client == nil {
		err := n.webhook(ctx, blocks, text)
		return "webhook", n.retryable(err), n.scrub("slack webhook", err)
	}
	opts := []slackapi.MsgOption{
		slackapi.MsgOptionText(text, false), slackapi.MsgOptionBlocks(blocks...),
		slackapi.MsgOptionDisableLinkUnfurl(), slackapi.MsgOptionDisableMediaUnfurl(),
	}
	if thread != "" {
		opts = append(opts, slackapi.MsgOptionTS(thread))
	}
	ch, ts, err := n.client.PostMessageContext(ctx, channel, opts...)
	if err != nil {
		return "", n.retryable(err), n.scrub("slack chat.postMessage", err)
	}
	if thread != "" {
		ts = thread // Slack threads hang off their first message, never off a reply
	}
	return ch + "/" + ts, false, nil
}

// MarkResolved rewrites the firing alert's message (chat.update) with a
// line on top saying it resolved, and when; its details stay. An incoming
// webhook cannot edit what it posted: there it does nothing.
func (n *Notifier) MarkResolved(ctx context.Context, firing model.Alert, firingRef string, resolved model.Alert) error {
	ch, ts, ok := strings.Cut(firingRef, "/")
	if n.client == nil || !ok {
		return nil
	}
	blocks, text := Message(firing)
	note := fmt.Sprintf("✅ *Resolved* at %s UTC: back to normal (details in the thread)", resolved.CreatedAt.UTC().Format("2006-01-02 15:04"))
	blocks = append([]slackapi.Block{slackapi.NewContextBlock("resolved", markdown(note))}, blocks[:min(len(blocks), maxBlocks-1)]...)
	if err := n.pace(ctx); err != nil {
		return err
	}
	_, _, _, err := n.client.UpdateMessageContext(ctx, ch, ts,
		slackapi.MsgOptionText(cut("✅ Resolved: "+text, maxSection), false), slackapi.MsgOptionBlocks(blocks...))
	return n.scrub("slack chat.update", err)
}

func (n *Notifier) webhook(ctx context.Context, blocks []slackapi.Block, text string) error {
	no := false
	msg := &slackapi.WebhookMessage{Text: text, Blocks: &slackapi.Blocks{BlockSet: blocks}, UnfurlLinks: &no, UnfurlMedia: &no}
	return slackapi.PostWebhookCustomHTTPContext(ctx, n.opts.WebhookURL, n.opts.HTTPClient, msg)
}

// pace spaces posts MinInterval apart. A Notifier posts to one channel,
// named in the config for messages and by ID in thread refs: one key for
// both, or a storm's message and its reply went out back to back.
func (n *Notifier) pace(ctx context.Context) error {
	const channel = ""
	if n.opts.MinInterval < 0 {
		return nil
	}
	n.mu.Lock()
	now := n.opts.Now()
	at := n.next[channel]
	if at.Before(now) {
		at = now
	}
	n.next[channel] = at.Add(n.opts.MinInterval)
	n.mu.Unlock()
	if wait := at.Sub(now); wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return fmt.Errorf("slack: waiting for the channel's rate limit: %w", ctx.Err())
		case <-t.C:
		}
	}
	return nil
}
