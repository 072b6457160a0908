package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/earshot/earshot/internal/web"
	"github.com/earshot/earshot/store"
)

// A running `earshot run` holds the store's file lock for as long as it runs
// (bbolt allows one process), so the read-only commands (status, stats,
// export) ask its JSON API instead when they find the file held. The API is
// read-only and binds to web.listen, 127.0.0.1:8080 by default.

// defaultListen is web.listen when the command has no --config.
const defaultListen = "127.0.0.1:8080"

// serviceAPI is the JSON API of the earshot that holds the store.
type serviceAPI struct {
	base   string // http://host:port
	client *http.Client
	store  string // the absolute path of the store the command was asked about
}

// newServiceAPI returns the API of the service configured in r (or at the
// default address without --config). A listen address on all interfaces
// (":8080", "0.0.0.0:8080") is reached on loopback.
func newServiceAPI(r resolvedStore) serviceAPI {
	listen := defaultListen
	if r.cfg != nil && r.cfg.Web.Listen != "" {
		listen = r.cfg.Web.Listen
	}
	if host, port, err := net.SplitHostPort(listen); err == nil {
		if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
			listen = net.JoinHostPort("127.0.0.1", port)
		}
	}
	abs, err := filepath.Abs(r.path)
	if err != nil {
		abs = r.path
	}
	return serviceAPI{base: "http://" + listen, client: &http.Client{Timeout: time.Minute}, store: abs}
}

// get decodes the JSON answer to GET path?query into v.
func (a serviceAPI) get(ctx context.Context, path string, query url.Values, v any) error {
	u := a.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	// The earshot at web.listen may hold another store than the one asked
	// about (--db naming a file an import holds): its answer would be about
	// the wrong mentions.
	switch served := resp.Header.Get(web.HeaderStore); {
	case served == "":
		return fmt.Errorf("%s is not an earshot API that names its store", a.base)
	case !sameFile(served, a.store):
		return fmt.Errorf("the earshot at %s serves another store (%s); %s is held by some other process: try again when it has finished", a.base, served, a.store)
	}
	if resp.StatusCode != http.StatusOK {
		var body struct{ Error string }
		_ = json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&body)
		return fmt.Errorf("GET %s: %s %s", a.base+path, resp.Status, body.Error)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 256<<20)).Decode(v); err != nil {
		return fmt.Errorf("GET %s: %w", a.base+path, err)
	}
	return nil
}

// openOrAPI opens the store read-only. When another earshot holds it, it
// returns the held store's API instead (db is nil); any other failure is a
// user error.
func (f *storeFlags) openOrAPI(env Env) (*store.DB, *serviceAPI, resolvedStore, error) {
	r, err := f.resolve(env)
	if err != nil {
		return nil, nil, r, err
	}
	db, err := store.Open(r.path, store.Options{Timeout: r.timeout, ReadOnly: true})
	switch {
	case errors.Is(err, store.ErrLocked):
		api := newServiceAPI(r)
		return nil, &api, r, nil
	case err != nil:
		return nil, nil, r, userError{err}
	}
	return db, nil, r, nil
}

// heldError explains a failed API fallback: the store is held, and its
// holder's API did not answer.
func heldError(r resolvedStore, api *serviceAPI, err error) error {
	hint := ""
	if r.cfg == nil {
		hint = " (pass --config so earshot knows its web.listen)"
	}
	return userErrorf("%s is in use by another earshot process, and its API at %s did not answer%s: %v",
		r.path, api.base, hint, err)
}

// sameFile reports whether two paths name one file, whatever symlinks or
// relative directories lead to it (the service and the operator may reach
// /var/lib/earshot by different routes).
func sameFile(a, b string) bool {
	if a == b {
		return true
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}
