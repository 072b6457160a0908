package crawler

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// redditItem is the part of a post (t3) or comment (t1) earshot reads.
type redditItem struct {
	Kind       string          `json:"-"`
	Name       string          `json:"name"` // fullname: t3_abc, t1_def
	ID         string          `json:"id"`
	Author     string          `json:"author"`
	Title      string          `json:"title"`
	Selftext   string          `json:"selftext"`
	Body       string          `json:"body"`
	Permalink  string          `json:"permalink"`
	LinkID     string          `json:"link_id"`
	LinkTitle  string          `json:"link_title"`
	CreatedUTC float64         `json:"created_utc"`
	Stickied   bool            `json:"stickied"`
	Replies    json.RawMessage `json:"replies"` // "" or a Listing of comments
}

func (it redditItem) created() time.Time {
	sec, frac := math.Modf(it.CreatedUTC)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC()
}

// redditListing is Reddit's paging envelope.
type redditListing struct {
	Kind string `json:"kind"`
	Data struct {
		After    *string `json:"after"`
		Children []struct {
			Kind string     `json:"kind"`
			Data redditItem `json:"data"`
		} `json:"children"`
	} `json:"data"`
}

// maxReplyDepth bounds the walk down a comment tree.
const maxReplyDepth = 50

// decodeRedditListing decodes a Listing (search, subreddit, comments) or a
// thread (an array of Listings: the post, then its comment tree), returning
// posts and comments depth-first and the `after` fullname for the next page.
func decodeRedditListing(body []byte) ([]redditItem, string, error) {
	var listings []redditListing
	if b := bytes.TrimSpace(body); len(b) > 0 && b[0] == '[' {
		if err := decodeJSON(body, &listings, "a Reddit thread (array of Listings)"); err != nil {
			return nil, "", err
		}
	} else {
		var l redditListing
		if err := decodeJSON(body, &l, "a Reddit Listing"); err != nil {
			return nil, "", err
		}
		listings = []redditListing{l}
	}
	var items []redditItem
	after := ""
	for _, l := range listings {
		if l.Kind != "Listing" {
			return nil, "", fmt.Errorf("%w: kind %q where a Reddit Listing was expected; body starts %q", ErrBadResponse, l.Kind, preview(body))
		}
		items = flattenListing(items, l, 0)
		if l.Data.After != nil {
			after = *l.Data.After
		}
	}
	return items, after, nil
}

// flattenListing appends the posts and comments of l and of their replies.
func flattenListing(items []redditItem, l redditListing, depth int) []redditItem {
	for _, c := range l.Data.Children {
		if c.Kind != "t1" && c.Kind != "t3" { // "more" stubs carry no text
			continue
		}
		it := c.Data
		it.Kind = c.Kind
		items = append(items, it)
		var sub redditListing
		if depth < maxReplyDepth && len(it.Replies) > 0 && it.Replies[0] == '{' && json.Unmarshal(it.Replies, &sub) == nil {
			items = flattenListing(items, sub, depth+1)
		}
	}
	return items
}

// redditCursor is the newest creation second seen and the fullnames seen in it.
type redditCursor struct {
	sec   int64
	names []string
}

// parseRedditCursor reads "<unix seconds> <fullname>,<fullname>"; "" is the zero cursor.
func parseRedditCursor(s string) (redditCursor, error) {
	if s == "" {
		return redditCursor{}, nil
	}
	secs, names, _ := strings.Cut(s, " ")
	sec, err := strconv.ParseInt(secs, 10, 64)
	if err != nil {
		return redditCursor{}, fmt.Errorf("cursor %q is not \"<unix seconds> <fullnames>\"", s)
	}
	c := redditCursor{sec: sec}
	if names != "" {
		c.names = strings.Split(names, ",")
	}
	return c, nil
}

// before reports whether it is newer than the cursor: created in a later
// second, or in the same second and not seen yet.
func (c redditCursor) before(it redditItem) bool {
	sec := it.created().Unix()
	return sec > c.sec || (sec == c.sec && !slices.Contains(c.names, it.Name))
}

// advance moves the cursor to it when it is at least as new.
func (c *redditCursor) advance(it redditItem) {
	switch sec := it.created().Unix(); {
	case sec > c.sec:
		c.sec, c.names = sec, []string{it.Name}
	case sec == c.sec && !slices.Contains(c.names, it.Name):
		c.names = append(c.names, it.Name)
	}
}

// String is the stored form; "" when nothing was ever seen.
func (c redditCursor) String() string {
	if c.sec == 0 && len(c.names) == 0 {
		return ""
	}
	return strconv.FormatInt(c.sec, 10) + " " + strings.Join(c.names, ",")
}
