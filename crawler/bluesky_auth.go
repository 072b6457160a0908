package crawler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// authHeader returns the Authorization header of the session, logging in
// when there is none (or renew is set); nil when no account is configured.
func (s *blueskySource) authHeader(ctx context.Context, renew bool) (http.Header, error) {
	if s.src.Identifier == "" {
		return nil, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.jwt == "" || renew {
		jwt, err := s.login(ctx)
		if err != nil {
			return nil, err
		}
		s.jwt = jwt
	}
	return bearer(s.jwt), nil
}

// login is com.atproto.server.createSession, the crawler's one POST, sent
// through the polite fetcher (User-Agent, host limit, body limit, retries
// on 429/5xx but never after a request that may have been acted on). The
// password goes in the body and never into an error or a log.
func (s *blueskySource) login(ctx context.Context) (string, error) {
	u := s.api + "/xrpc/com.atproto.server.createSession"
	body, err := json.Marshal(map[string]string{"identifier": s.src.Identifier, "password": s.src.Password.Reveal()})
	if err != nil {
		return "", s.errorf("create session: %w", err)
	}
	resp, err := s.fetch.post(ctx, u, "application/json", body, http.Header{"Accept": {jsonAccept}})
	var he *HTTPError
	if errors.As(err, &he) {
		return "", s.refused(he)
	}
	if err != nil {
		return "", s.errorf("create session: %w", err)
	}
	var sess bskySession
	if err := decodeJSON(resp.Body, &sess, "a createSession result"); err != nil {
		return "", s.errorf("create session at %s: %w", u, err)
	}
	if sess.AccessJwt == "" {
		return "", s.errorf("create session at %s: %w: no accessJwt", u, ErrBadResponse)
	}
	return sess.AccessJwt, nil
}

// refused explains a createSession that stayed non-2xx, with the server's
// XRPC reason. A 4xx is a configuration problem (ErrBadSource).
func (s *blueskySource) refused(he *HTTPError) error {
	var e bskyError
	_ = json.Unmarshal(he.Body, &e) // best effort: the status alone is an answer
	why := strings.TrimSpace(e.Error + " " + e.Message)
	if why != "" {
		why = " (" + why + ")"
	}
	err := fmt.Errorf("%w%s", he, why)
	if he.Status < 500 {
		err = fmt.Errorf("%w: %w", ErrBadSource, err)
	}
	return s.errorf("create session: %w: check identifier_env and password_env (use an app password)", err)
}
