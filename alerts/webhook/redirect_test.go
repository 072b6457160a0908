package webhook_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/earshot/earshot/alerts/alertstest"
	"github.com/earshot/earshot/alerts/webhook"
	"github.com/earshot/earshot/internal/model"
)

// The configured URL answers 301 (an http->https or old-path move, as many
// hosts do). Following it would turn the POST into a GET without a body that
// the endpoint may answer 200: the alert lost, reported delivered. Notify
// must fail instead, finally, saying to configure the new URL.
func TestRedirectIsAFinalErrorNotALostAlert(t *testing.T) {
	var mu sync.Mutex
	var posts int
	mux := http.NewServeMux()
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/hooks/earshot", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/hooks/earshot", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if r.Method == http.MethodPost && len(body) > 0 {
			posts++
		}
		t.Logf("receiver got %s with %d body bytes", r.Method, len(body))
		w.WriteHeader(http.StatusOK)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	n, err := webhook.New(webhook.Options{URL: srv.URL + "/old", Secret: secret})
	if err != nil {
		t.Fatal(err)
	}
	ref, retry, err := n.Notify(context.Background(), alertstest.HostileAlert(), model.Delivery{})
	t.Logf("Notify = %q, retry %v, err %v", ref, retry, err)
	mu.Lock()
	defer mu.Unlock()
	if err == nil && posts == 0 {
		t.Errorf("Notify reported success (%q) but the receiver never got the alert: the redirect turned the POST into an empty GET", ref)
	}
	if err == nil || retry || !strings.Contains(err.Error(), "redirect") {
		t.Errorf("Notify = %q, retry %v, err %v; want a final error naming the redirect", ref, retry, err)
	}
}
