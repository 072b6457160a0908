package crawler

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"slices"
	"strings"
)

// trackingParams are query parameters that identify a campaign or a click,
// never the content; CanonicalURL drops them.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true, "msclkid": true,
	"yclid": true, "igshid": true, "twclid": true, "ttclid": true, "li_fat_id": true,
	"ref": true, "ref_src": true, "ref_url": true, "referrer": true,
	"_ga": true, "_gl": true, "_hsenc": true, "_hsmi": true, "mkt_tok": true, "oly_enc_id": true,
	"oly_anon_id": true, "vero_id": true, "spm": true, "share": true, "s_cid": true,
}

// trackingPrefixes are families of tracking parameters.
var trackingPrefixes = []string{"utm_", "mc_", "pk_", "hsa_", "itm_", "at_"}

// CanonicalURL normalises a URL so the same page gets the same id however it
// was linked: scheme and host lowercased, default port and fragment dropped,
// tracking parameters (utm_*, fbclid, gclid, mc_*, ref, ...) removed, query
// sorted, empty path made "/". Unparsable input comes back trimmed.
func CanonicalURL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if p := u.Port(); (p == "80" && u.Scheme == "http") || (p == "443" && u.Scheme == "https") {
		u.Host = strings.TrimSuffix(u.Host, ":"+p)
	}
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	u.RawQuery = canonicalQuery(u.RawQuery)
	u.ForceQuery = false
	return u.String()
}

// canonicalQuery drops tracking parameters and sorts the rest. A query Go
// cannot parse (";" separators of old CGI forums, a stray "%") would lose
// the pairs it skips, and pages like review.pl?id=101;page=1 and
// review.pl?id=202;page=1 would share an id: such a query keeps every pair
// byte for byte (split at "&" and ";"), only sorted and without tracking keys.
func canonicalQuery(raw string) string {
	if q, err := url.ParseQuery(raw); err == nil {
		for k := range q {
			if isTracking(k) {
				delete(q, k)
			}
		}
		return q.Encode() // sorted by key
	}
	var kept []string
	for _, pair := range strings.FieldsFunc(raw, func(r rune) bool { return r == '&' || r == ';' }) {
		key, _, _ := strings.Cut(pair, "=")
		if k, err := url.QueryUnescape(key); err == nil {
			key = k
		}
		if pair != "" && !isTracking(key) {
			kept = append(kept, pair)
		}
	}
	slices.Sort(kept)
	return strings.Join(kept, "&")
}

// isTracking reports whether a query parameter is a tracking one.
func isTracking(k string) bool {
	k = strings.ToLower(k)
	if trackingParams[k] {
		return true
	}
	for _, p := range trackingPrefixes {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

// MentionID is the stable id of an item: the source type and the
// source-native id, e.g. "reddit:t3_abc". When an item has no native id,
// callers pass CanonicalURL(url) (or a contentKey).
func MentionID(sourceType, nativeID string) string {
	return sourceType + ":" + strings.TrimSpace(nativeID)
}

// itemURLID is the native id of an item known by its URL: the canonical URL,
// keeping the fragment, which on review pages often names the review itself
// ("/product#review-7"); dropping it would merge every review of the page.
func itemURLID(u string) string {
	c := CanonicalURL(u)
	if i := strings.IndexByte(u, '#'); i >= 0 && i < len(u)-1 {
		c += u[i:]
	}
	return c
}

// contentKey is a short stable hash of the parts that identify an item with
// neither id nor URL of its own (a review on a page), prefixed by where it lives.
func contentKey(where string, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return where + "#" + hex.EncodeToString(h.Sum(nil)[:12])
}
