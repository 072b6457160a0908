package crawler

import "time"

// mastodonStatus is the part of a Mastodon Status entity earshot reads.
type mastodonStatus struct {
	ID          string          `json:"id"`
	URI         string          `json:"uri"`
	URL         string          `json:"url"`
	CreatedAt   time.Time       `json:"created_at"`
	Content     string          `json:"content"` // HTML
	SpoilerText string          `json:"spoiler_text"`
	Visibility  string          `json:"visibility"`
	Account     mastodonAccount `json:"account"`
	Reblog      *mastodonStatus `json:"reblog"`
}

// mastodonAccount is the part of a status's author earshot reads.
type mastodonAccount struct {
	Acct string `json:"acct"` // "user" on its own instance, "user@domain" elsewhere
}

// decodeMastodonStatuses decodes a timeline: a JSON array of statuses.
func decodeMastodonStatuses(body []byte) ([]mastodonStatus, error) {
	var sts []mastodonStatus
	if err := decodeJSON(body, &sts, "a JSON array of Mastodon statuses"); err != nil {
		return nil, err
	}
	return sts, nil
}

// decodeMastodonSearch decodes /api/v2/search: {"accounts", "statuses", "hashtags"}.
func decodeMastodonSearch(body []byte) ([]mastodonStatus, error) {
	var res struct {
		Statuses []mastodonStatus `json:"statuses"`
	}
	if err := decodeJSON(body, &res, "a Mastodon search result"); err != nil {
		return nil, err
	}
	return res.Statuses, nil
}
