package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/model"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// A server that labels its body as gzip (Content-Type application/x-gzip)
// must not get past the body limit: colly inflated it after the limit had
// been applied to the compressed bytes, so 50 KB became 50 MB in memory.
func TestGzipBombStaysWithinTheBodyLimit(t *testing.T) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(make([]byte, 50<<20))
	zw.Close()
	bomb := buf.Bytes()
	t.Logf("compressed size %d bytes", len(bomb))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/x-gzip")
		w.Write(bomb)
	}))
	defer srv.Close()
	crawl := testCrawl()
	crawl.MaxBodyBytes = 1 << 20 // 1 MiB, well above the compressed size
	f, _ := newTestFetcher(t, srv, crawl)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := f.get(context.Background(), srv.URL+"/feed", nil)
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("get error: %v", err)
	if !errors.Is(err, ErrBodyTooLarge) {
		t.Errorf("get error = %v, want ErrBodyTooLarge", err)
	}
	if alloc > 16<<20 {
		t.Errorf("allocated %d bytes for a %d-byte response with a 1 MiB limit, want < 16 MiB", alloc, len(bomb))
	}
}

// publicClient dials every "*.example" host to pub (a stand-in for a site on
// the internet) and everything else normally, as a real resolver would.
func publicClient(pub *httptest.Server) *http.Client {
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if strings.HasSuffix(strings.Split(addr, ":")[0], ".example") {
			addr = pub.Listener.Addr().String()
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	return &http.Client{Transport: tr}
}

// A public review site that redirects to a loopback (or link-local,
// 169.254.169.254) address must not lead earshot into the operator's network.
func TestPublicRedirectToLoopbackIsRefused(t *testing.T) {
	var internalHits atomic.Int32
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/robots.txt" {
			internalHits.Add(1)
		}
		w.Write([]byte("internal admin secret"))
	}))
	defer internal.Close()
	pub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		http.Redirect(w, r, internal.URL+"/latest/meta-data/iam", http.StatusFound)
	}))
	defer pub.Close()
	f := newFetcher(testCrawl(), Options{Version: "1.2.3", HTTPClient: publicClient(pub)})
	f.allowPrivate.Store(privateURL("http://reviews.example/acme")) // as newBase sets it for this source
	resp, err := f.get(context.Background(), "http://reviews.example/acme", nil)
	if n := internalHits.Load(); n != 0 {
		t.Errorf("a redirect from http://reviews.example to %s was followed (%d requests inside the operator's network); got %v %q, %v",
			internal.URL, n, respURL(resp), respBody(resp), err)
	}
}

// The jsonld source follows <link rel=next> on its own: a public page must
// not point it at a loopback or link-local address.
func TestPublicRelNextToLoopbackIsRefused(t *testing.T) {
	var internalHits atomic.Int32
	internal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/robots.txt" {
			internalHits.Add(1)
		}
		w.Write([]byte("<html>internal</html>"))
	}))
	defer internal.Close()
	pub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<html><head><link rel="next" href="%s/admin/delete?all=1"></head><body>
<script type="application/ld+json">{"@type":"Review","reviewBody":"acme is fine","datePublished":"2026-11-01T00:00:00Z","author":"x"}</script></body></html>`, internal.URL)
	}))
	defer pub.Close()
	src := config.Source{Name: "r", Type: "jsonld", URL: "http://reviews.example/acme", Brand: "Acme"}
	s, err := New(src, testCrawl(), Options{Version: "1.2.3", HTTPClient: publicClient(pub)})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Fetch(context.Background(), model.SourceState{})
	if n := internalHits.Load(); n != 0 {
		t.Errorf("rel=next on http://reviews.example sent %d requests to %s/admin/delete (pages %d, err %v)", n, internal.URL, b.Pages, err)
	}
}

func respURL(r *response) string {
	if r == nil {
		return ""
	}
	return r.URL
}

func respBody(r *response) string {
	if r == nil {
		return ""
	}
	return string(r.Body)
}

// Nested itemprop elements each keep the text of everything under them: the
// text collected is bounded, or a page within the body limit becomes depth x
// size in memory.
func TestMicrodataNestedItempropMemory(t *testing.T) {
	const depth, textSize = 400, 1 << 20
	var b strings.Builder
	b.WriteString(`<html><body><div itemscope itemtype="https://schema.org/Review">`)
	for range depth {
		b.WriteString(`<div itemprop="reviewBody">`)
	}
	b.WriteString(strings.Repeat("acme ", textSize/5))
	for range depth {
		b.WriteString(`</div>`)
	}
	b.WriteString(`</div></body></html>`)
	page := []byte(b.String())
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	x := extractMicrodata(page)
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("page %d bytes, %d reviews, %d warnings, allocated %d MB", len(page), len(x.Reviews), len(x.Warnings), alloc>>20)
	if alloc > 50*uint64(len(page)) {
		t.Errorf("extractMicrodata allocated %d MB for a %d KB page (%dx)", alloc>>20, len(page)>>10, alloc/uint64(len(page)))
	}
}

// The default client also checks the address it dials: a name that
// resolves into the operator's network is refused for a public source,
// unless it is the source's own host (an intranet name the operator
// configured), which then lets the source reach private addresses.
func TestDialerRefusesPrivateAddressesForPublicSources(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	for _, tc := range []struct {
		srcURL, dial string
		refused      bool
	}{
		{"https://reviews.example/acme", "127.0.0.1:" + port, true},
		{"https://reviews.example/acme", "localhost:" + port, true},
		{"http://localhost:" + port + "/feed", "localhost:" + port, false},
		{"http://127.0.0.1:" + port + "/feed", "127.0.0.1:" + port, false},
	} {
		f := newFetcher(testCrawl(), Options{})
		f.allowPrivate.Store(privateURL(tc.srcURL))
		if u, err := url.Parse(tc.srcURL); err == nil {
			f.srcHost = u.Hostname()
		}
		conn, err := f.dialer(&net.Dialer{})(context.Background(), "tcp", tc.dial)
		if conn != nil {
			conn.Close()
		}
		if (err != nil) != tc.refused {
			t.Errorf("source %s dialling %s: %v, want refused %v", tc.srcURL, tc.dial, err, tc.refused)
		}
	}
	// The source's own host, named, that resolves to a private address: allowed, and from then on the
	// source may reach private addresses (it lives in that network).
	f := newFetcher(testCrawl(), Options{})
	f.allowPrivate.Store(false)
	f.srcHost = "localhost"
	conn, err := f.dialer(&net.Dialer{})(context.Background(), "tcp", "localhost:"+port)
	if err != nil {
		t.Fatalf("dialling the source's own host: %v", err)
	}
	conn.Close()
	if !f.allowPrivate.Load() {
		t.Error("a source whose own host resolved to a private address may not reach private addresses")
	}
}
