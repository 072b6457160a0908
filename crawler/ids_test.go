package crawler

import "testing"

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"HTTPS://Example.COM/Reviews?b=2&a=1#top", "https://example.com/Reviews?a=1&b=2"},
		{"https://example.com/p?utm_source=x&utm_medium=y&id=7&fbclid=abc&gclid=z", "https://example.com/p?id=7"},
		{"https://example.com/p?mc_cid=1&mc_eid=2&ref=hn&q=coffee", "https://example.com/p?q=coffee"},
		{"http://example.com:80/x", "http://example.com/x"},
		{"https://example.com:443", "https://example.com/"},
		{"https://example.com:8443/x?", "https://example.com:8443/x"},
		{"  https://example.com/a b  ", "https://example.com/a%20b"},
		// Queries Go cannot parse keep every pair (";" separators, a stray "%"): distinct pages stay distinct.
		{"https://forum.example.com/review.pl?id=101;page=1", "https://forum.example.com/review.pl?id=101&page=1"},
		{"https://forum.example.com/review.pl?page=1;id=202&utm_source=x&a=1", "https://forum.example.com/review.pl?a=1&id=202&page=1"},
		{"http://forum.example/review.pl?ref=rss;id=101", "http://forum.example/review.pl?id=101"}, // a tracking key first drops only itself
		{"https://shop.example.com/r?q=100%&item=7", "https://shop.example.com/r?item=7&q=100%"},
		{"not a url", "not a url"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := CanonicalURL(tt.in); got != tt.want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMentionID(t *testing.T) {
	tests := []struct{ typ, native, want string }{
		{"reddit", "t3_abc", "reddit:t3_abc"},
		{"feed", " tag:example.com,2026:1 ", "feed:tag:example.com,2026:1"},
		{"jsonld", CanonicalURL("https://Example.com/r/1?utm_source=x"), "jsonld:https://example.com/r/1"},
	}
	for _, tt := range tests {
		if got := MentionID(tt.typ, tt.native); got != tt.want {
			t.Errorf("MentionID(%q, %q) = %q, want %q", tt.typ, tt.native, got, tt.want)
		}
	}
}

func TestContentKeyStable(t *testing.T) {
	a := contentKey("https://example.com/", "ann", "2026-01-02", "great")
	if a != contentKey("https://example.com/", "ann", "2026-01-02", "great") {
		t.Error("contentKey is not deterministic")
	}
	if a == contentKey("https://example.com/", "ann", "2026-01-02", "greatt") || a == contentKey("https://example.com/", "an", "n2026-01-02", "great") {
		t.Error("contentKey collides for different parts")
	}
}

func TestItemURLIDKeepsFragment(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://Shop.example/p/1?utm_source=x#review-7", "https://shop.example/p/1#review-7"},
		{"https://shop.example/p/1#", "https://shop.example/p/1"},
		{"https://shop.example/p/1", "https://shop.example/p/1"},
	}
	for _, tt := range tests {
		if got := itemURLID(tt.in); got != tt.want {
			t.Errorf("itemURLID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
