package crawler

import "fmt"

// bskySearch is app.bsky.feed.searchPosts's output.
type bskySearch struct {
	Cursor string     `json:"cursor"`
	Posts  []bskyPost `json:"posts"`
}

// bskyPost is the part of an app.bsky.feed.defs#postView earshot reads.
type bskyPost struct {
	URI    string `json:"uri"` // at://<did>/app.bsky.feed.post/<rkey>
	Author struct {
		DID    string `json:"did"`
		Handle string `json:"handle"`
	} `json:"author"`
	Record struct {
		Type      string `json:"$type"`
		Text      string `json:"text"`
		CreatedAt string `json:"createdAt"` // set by the client: may be anything
	} `json:"record"`
	IndexedAt string `json:"indexedAt"` // set by the AppView
}

// decodeBlueskySearch decodes a searchPosts response.
func decodeBlueskySearch(body []byte) (bskySearch, error) {
	var res bskySearch
	if err := decodeJSON(body, &res, "an app.bsky.feed.searchPosts result"); err != nil {
		return bskySearch{}, err
	}
	if res.Posts == nil {
		return bskySearch{}, fmt.Errorf("%w: no \"posts\" array in what should be a searchPosts result; body starts %q", ErrBadResponse, preview(body))
	}
	return res, nil
}

// bskySession is com.atproto.server.createSession's output.
type bskySession struct {
	AccessJwt string `json:"accessJwt"`
	Handle    string `json:"handle"`
}

// bskyError is the XRPC error body.
type bskyError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}
