package config

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
)

// sourceType is what validation knows about one source type: the base URL an
// API type defaults to, an example URL for messages, and which type-specific
// keys it accepts (every type accepts the common ones).
type sourceType struct {
	defaultURL string
	exampleURL string
	keys       []string
}

// sourceTypes is a read-only table; a new source type adds one line here.
var sourceTypes = map[string]sourceType{
	"feed":       {exampleURL: "https://example.com/feed.xml"},
	"jsonld":     {exampleURL: "https://example.com/product/123/reviews"},
	"html":       {exampleURL: "https://example.com/reviews", keys: []string{"selectors"}},
	"mastodon":   {exampleURL: "https://mastodon.social", keys: []string{"query", "hashtag", "token_env"}},
	"reddit":     {defaultURL: "https://www.reddit.com", keys: []string{"query", "subreddit", "sort"}},
	"hackernews": {defaultURL: "https://hn.algolia.com/api/v1", keys: []string{"query"}},
	"bluesky":    {defaultURL: "https://public.api.bsky.app", keys: []string{"query", "identifier_env", "password_env"}},
}

// sourceTypeNames lists the types in the order the docs present them.
var sourceTypeNames = []string{"feed", "jsonld", "html", "mastodon", "reddit", "hackernews", "bluesky"}

// typeSpecificKeys are the source keys that only some types accept.
var typeSpecificKeys = []string{"selectors", "query", "hashtag", "subreddit", "sort", "token_env", "identifier_env", "password_env"}

var (
	hashtagRe   = regexp.MustCompile(`^#?[\p{L}\p{N}_]+$`)
	subredditRe = regexp.MustCompile(`^(r/)?[A-Za-z0-9_]{2,21}$`)
)

func (v *validator) brands() {
	if len(v.c.Brands) == 0 {
		v.errorf("brands", "at least one brand is required: add a brands: list with a name for each brand")
	}
	seen := map[string]int{}
	for i, b := range v.c.Brands {
		path := fmt.Sprintf("brands[%d]", i)
		name := strings.TrimSpace(b.Name)
		if name == "" {
			v.errorf(path+".name", "is required: the brand's name as people write it")
			continue
		}
		if first, dup := seen[strings.ToLower(name)]; dup {
			v.errorf(path+".name", "brand %q is already defined at brands[%d] (line %d): brand names must be unique", name, first, v.c.Line(fmt.Sprintf("brands[%d]", first)))
			continue
		}
		seen[strings.ToLower(name)] = i
	}
}

func (v *validator) sources() {
	if len(v.c.Sources) == 0 {
		v.warnf("sources", "no sources are configured: earshot will not find any mentions")
	}
	seen := map[string]int{}
	for i := range v.c.Sources {
		s := &v.c.Sources[i]
		path := fmt.Sprintf("sources[%d]", i)
		if s.Name == "" {
			v.errorf(path+".name", "is required: a short unique name, used in logs, the store and `earshot crawl --source`")
		} else if first, dup := seen[strings.ToLower(s.Name)]; dup {
			// Ignoring case, as for brands: `export --source` and the
			// API would otherwise have to guess which one "Trustpilot" means.
			v.errorf(path+".name", "source %q is already defined at sources[%d] (line %d) as %q: source names must be unique, ignoring case",
				s.Name, first, v.c.Line(fmt.Sprintf("sources[%d]", first)), v.c.Sources[first].Name)
		} else {
			seen[strings.ToLower(s.Name)] = i
		}
		v.source(path, s)
	}
}

// source checks one source; common keys first, then what its type needs.
func (v *validator) source(path string, s *Source) {
	v.sourceCommon(path, s)
	if s.Type == "" {
		v.errorf(path+".type", "is required: one of %s", oneOf(sourceTypeNames))
		return
	}
	if !v.oneOf(path+".type", "source type", s.Type, sourceTypeNames) {
		return
	}
	t := sourceTypes[s.Type]
	v.foreignKeys(path, s.Type, t)
	if s.URL == "" {
		v.errorf(path+".url", "is required for %s sources, like %s", s.Type, t.exampleURL)
	} else {
		v.httpURL(path+".url", s.URL, firstNonEmpty(t.exampleURL, t.defaultURL))
	}
	switch s.Type {
	case "html":
		v.selectors(path+".selectors", s.Selectors)
	case "mastodon":
		v.mastodon(path, s)
	case "reddit":
		v.reddit(path, s)
	case "bluesky":
		v.bluesky(path, s)
	}
}

// sourceCommon checks the keys every source type accepts.
func (v *validator) sourceCommon(path string, s *Source) {
	if s.Brand != "" {
		v.brandRef(path+".brand", s.Brand)
	}
	// An inherited crawl.default_schedule or crawl.max_pages is checked once,
	// at its own key, not again at every source that did not write one.
	if v.c.set(path + ".schedule") {
		v.schedule(path+".schedule", s.Schedule)
	}
	if v.c.set(path + ".max_pages") {
		v.atLeast(path+".max_pages", int64(s.MaxPages), 1)
	}
	if s.Lang != "" && !langCode.MatchString(s.Lang) {
		v.errorf(path+".lang", "%q is not a language code: use ISO 639 codes like en, ms or hy", s.Lang)
	}
	for _, f := range []struct{ key, name string }{{"token_env", s.TokenEnv}, {"identifier_env", s.IdentifierEnv}, {"password_env", s.PasswordEnv}} {
		v.envName(path+"."+f.key, f.name)
	}
}

// foreignKeys rejects keys the file wrote that belong to other source types.
func (v *validator) foreignKeys(path, typ string, t sourceType) {
	for _, key := range typeSpecificKeys {
		if !v.c.set(path+"."+key) || slices.Contains(t.keys, key) {
			continue
		}
		var owners []string
		for _, name := range sourceTypeNames {
			if slices.Contains(sourceTypes[name].keys, key) {
				owners = append(owners, name)
			}
		}
		v.errorf(path+"."+key, "does not apply to %s sources (only to %s): remove it or change type", typ, oneOf(owners))
	}
}

func (v *validator) brandRef(path, name string) {
	var names []string
	for _, b := range v.c.Brands {
		if b.Name == name {
			return
		}
		names = append(names, b.Name)
	}
	v.errorf(path, "brand %q is not defined under brands%s", name, didYouMean(name, names))
}

func (v *validator) selectors(path string, sel *Selectors) {
	if sel == nil {
		v.errorf(path, "html sources need selectors: at least item (one review) and text (its body, inside item)")
		return
	}
	if strings.TrimSpace(sel.Item) == "" {
		v.errorf(path+".item", "is required: the CSS selector of one review, like .review")
	}
	if strings.TrimSpace(sel.Text) == "" {
		v.errorf(path+".text", "is required: the CSS selector of a review's text inside item, like .review-body")
	}
	if !(sel.RatingScale > 0) || math.IsInf(sel.RatingScale, 0) { // also catches NaN
		v.errorf(path+".rating_scale", "must be above 0: the best possible rating, like 5")
	}
}

func (v *validator) mastodon(path string, s *Source) {
	switch {
	case s.Hashtag != "" && s.Query != "":
		v.errorf(path+".hashtag", "hashtag and query are alternatives (a hashtag timeline or a search): keep one")
	case s.Hashtag != "" && !hashtagRe.MatchString(s.Hashtag):
		v.errorf(path+".hashtag", "%q is not a hashtag: letters, digits and _ only, like #acme", s.Hashtag)
	case s.Hashtag == "" && s.TokenEnv == "":
		v.warnf(path, "Mastodon instances usually search posts only for signed-in users: set token_env, or follow a hashtag instead")
	}
	if v.missingEnv(s.TokenEnv) {
		v.warnf(path+".token_env", "$%s is not set: %s will run without a token", s.TokenEnv, s.Name)
	}
}

func (v *validator) reddit(path string, s *Source) {
	if s.Subreddit != "" && !subredditRe.MatchString(s.Subreddit) {
		v.errorf(path+".subreddit", "%q is not a subreddit name: 2 to 21 letters, digits or _, like acme", s.Subreddit)
	}
	if s.Subreddit != "" && s.Sort == "relevance" {
		v.errorf(path+".sort", "relevance orders search results, not a subreddit listing: use new, hot or top, or search with query instead of subreddit")
		return
	}
	v.oneOf(path+".sort", "sort", s.Sort, []string{"new", "hot", "top", "relevance"})
}

func (v *validator) bluesky(path string, s *Source) {
	if (s.IdentifierEnv == "") != (s.PasswordEnv == "") {
		v.errorf(path, "identifier_env and password_env go together (a handle and an app password): set both or neither")
		return
	}
	if s.IdentifierEnv == "" {
		return
	}
	idMissing, pwMissing := v.missingEnv(s.IdentifierEnv), v.missingEnv(s.PasswordEnv)
	switch {
	case idMissing && pwMissing:
		v.warnf(path, "$%s and $%s are not set: %s will search without signing in", s.IdentifierEnv, s.PasswordEnv, s.Name)
	case idMissing:
		v.errorf(path+".identifier_env", "$%s is not set but $%s is: signing in cannot work without the handle", s.IdentifierEnv, s.PasswordEnv)
	case pwMissing:
		v.errorf(path+".password_env", "$%s is not set but $%s is: signing in cannot work without the app password", s.PasswordEnv, s.IdentifierEnv)
	}
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// searches reports whether the source is a search (it sends query) rather than
// a page, feed, hashtag timeline or subreddit listing.
func (s *Source) searches() bool {
	switch s.Type {
	case "hackernews", "bluesky":
		return true
	case "mastodon":
		return s.Hashtag == ""
	case "reddit":
		return s.Subreddit == ""
	}
	return false
}
