package crawler

import "fmt"

// hnResult is an Algolia search_by_date answer.
type hnResult struct {
	Hits   []hnHit `json:"hits"`
	NbHits int     `json:"nbHits"` // all hits of the query, beyond the ones served
}

// hnHit is one story or comment as Algolia indexes it.
type hnHit struct {
	ObjectID    string `json:"objectID"`
	CreatedAtI  int64  `json:"created_at_i"`
	Author      string `json:"author"`
	Title       string `json:"title"`        // stories
	StoryText   string `json:"story_text"`   // Ask/Show HN text, HTML
	CommentText string `json:"comment_text"` // comments, HTML
	StoryTitle  string `json:"story_title"`  // comments: the story they belong to
}

// decodeHNSearch decodes a search_by_date response.
func decodeHNSearch(body []byte) (hnResult, error) {
	var res hnResult
	if err := decodeJSON(body, &res, "an Algolia Hacker News search result"); err != nil {
		return hnResult{}, err
	}
	if res.Hits == nil { // Algolia always sends the array, empty or not
		return hnResult{}, fmt.Errorf("%w: no \"hits\" array in what should be an Algolia search result; body starts %q", ErrBadResponse, preview(body))
	}
	return res, nil
}
