// Package web serves earshot's read-only JSON API for operators and scripts:
// health, source status and pending alert deliveries, store counts, and
// mentions by brand, source, label and time. It binds where the config says (127.0.0.1 by
// default) and changes no data, so it needs no auth; endpoints that change data
// must come with the auth token check (web.auth_token_env).
package web

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"path/filepath"
	"strconv"
	"time"

	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/store"
)

// Store is what the API reads.
type Store interface {
	SourceState(name string) (model.SourceState, error)
	PendingDeliveries(now time.Time, limit int) ([]model.Delivery, error)
	Mentions(q store.Query) (store.Page, error)
	Stats() (store.Stats, error)
}

// Source describes one configured source for the status view.
type Source struct {
	Name, Type, Schedule string
	Disabled             bool
}

// Handler serves the API.
type Handler struct {
	store   Store
	sources []Source
	logger  *slog.Logger
	now     func() time.Time
	mux     *http.ServeMux
}

// New builds the API handler.
func New(st Store, sources []Source, logger *slog.Logger, now func() time.Time) *Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if now == nil {
		now = time.Now
	}
	h := &Handler{store: st, sources: sources, logger: logger, now: now, mux: http.NewServeMux()}
	h.mux.HandleFunc("GET /{$}", h.index)
	h.mux.HandleFunc("GET /healthz", h.health)
	h.mux.HandleFunc("GET /api/status", h.status)
	h.mux.HandleFunc("GET /api/mentions", h.mentions)
	h.mux.HandleFunc("GET /api/stats", h.stats)
	return h
}

// HeaderStore names the store file the API serves: the CLI reads through the
// API only for the store it was asked about.
const HeaderStore = "X-Earshot-Store"

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if p, ok := h.store.(interface{ Path() string }); ok {
		if abs, err := filepath.Abs(p.Path()); err == nil {
			w.Header().Set(HeaderStore, abs)
		}
	}
	h.mux.ServeHTTP(w, r)
}

// index lists what this server answers: the base URL alerts link to.
func (h *Handler) index(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"service": "earshot",
		"endpoints": []string{"/healthz", "/api/status", "/api/stats",
			"/api/mentions?brand=&source=&label=&lang=&text=&since=&until=&order=asc&limit=&cursor=", "/metrics"},
	})
}

func (h *Handler) health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// SourceStatus is one source in /api/status.
type SourceStatus struct {
	Source
	State model.SourceState
}

// Status is the body of /api/status.
type Status struct {
	Sources  []SourceStatus
	Pending  []model.Delivery
	Mentions int
	Unscored int
}

func (h *Handler) status(w http.ResponseWriter, r *http.Request) {
	st, err := Collect(h.store, h.sources, h.now())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// Collect reads the status of sources and of the alert outbox from the store.
// `earshot status` uses it directly, or through /api/status when a running
// earshot holds the store.
func Collect(st Store, sources []Source, now time.Time) (Status, error) {
	var out Status
	for _, s := range sources {
		state, err := st.SourceState(s.Name)
		if err != nil {
			return out, err
		}
		out.Sources = append(out.Sources, SourceStatus{Source: s, State: state})
	}
	// Every unsent delivery, those given up on included (they wait at
	// model.NeverRetry): they are what an operator most needs to see.
	pending, err := st.PendingDeliveries(model.NeverRetry, 1000)
	if err != nil {
		return out, err
	}
	stats, err := st.Stats()
	if err != nil {
		return out, err
	}
	out.Pending, out.Mentions, out.Unscored = pending, stats.Mentions, stats.Unscored
	return out, nil
}

// stats answers store.Stats: counts per brand, source, label and language.
func (h *Handler) stats(w http.ResponseWriter, r *http.Request) {
	st, err := h.store.Stats()
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

func (h *Handler) mentions(w http.ResponseWriter, r *http.Request) {
	q, err := parseQuery(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	page, err := h.store.Mentions(q)
	if errors.Is(err, store.ErrInvalid) { // a mangled or stale cursor: the client's to fix
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": errBadParam("cursor", "use the Next value of the previous page").Error()})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if page.Mentions == nil {
		page.Mentions = []model.Mention{} // [] not null: clients iterate it
	}
	writeJSON(w, http.StatusOK, page)
}

func parseQuery(r *http.Request) (store.Query, error) {
	v := r.URL.Query()
	q := store.Query{Brand: v.Get("brand"), Source: v.Get("source"), Lang: v.Get("lang"), Text: v.Get("text"),
		Label: model.Label(v.Get("label")), Cursor: v.Get("cursor"), Desc: v.Get("order") != "asc"}
	if q.Label != "" && q.Label.Index() < 0 {
		return q, errBadParam("label", "use positive, neutral or negative")
	}
	var err error
	if q.Since, err = parseTime(v.Get("since")); err != nil {
		return q, errBadParam("since", "use RFC 3339")
	}
	if q.Until, err = parseTime(v.Get("until")); err != nil {
		return q, errBadParam("until", "use RFC 3339")
	}
	if s := v.Get("limit"); s != "" {
		if q.Limit, err = strconv.Atoi(s); err != nil || q.Limit < 1 || q.Limit > store.MaxLimit {
			return q, errBadParam("limit", "use a number from 1 to "+strconv.Itoa(store.MaxLimit))
		}
	}
	return q, nil
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339, s)
}

type paramError struct{ name, hint string }

func (e paramError) Error() string { return "bad " + e.name + ": " + e.hint }

func errBadParam(name, hint string) error { return paramError{name, hint} }

// fail logs an internal error once, here at the boundary, and answers 500
// without details (they may name files).
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	h.logger.Error("web request failed", "path", r.URL.Path, "err", err)
	writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal error: see the earshot log"})
}

// writeJSON writes v; encoding/json escapes <, > and & so crawled text cannot
// become markup if a browser renders the response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
