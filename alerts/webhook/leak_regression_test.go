package webhook_test

import (
	"net"
	"strings"
	"testing"

	"github.com/earshot/earshot/alerts/alertstest"
)

// A webhook URL with basic-auth credentials and a token in the query: Go's
// client writes the URL into its error with the password masked, which no
// longer matches the configured URL; the error must still hold no secret.
func TestWebhookErrorHidesTokenWhenURLHasUserinfo(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens: connection refused
	token := "tok-SECRET-98765"
	u := "http://earshot:hunter2@" + addr + "/hooks/in?token=" + token
	var logs strings.Builder
	n := newNotifier(t, u, &logs)
	err = alertstest.AssertNotifyLeaksNoSecret(t, n, &logs, u, token, "hunter2")
	t.Logf("error: %v; logs: %s", err, logs.String())
}
