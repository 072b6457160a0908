package crawler

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// maxSessionBody bounds the createSession answer (a few hundred bytes).
const maxSessionBody = 64 << 10

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

// login is com.atproto.server.createSession: the one POST of the crawler,
// sent with the injected client because the polite fetcher only GETs. The
// password goes in the body and never into an error or a log.
func (s *blueskySource) login(ctx context.Context) (string, error) {
	u := s.api + "/xrpc/com.atproto.server.createSession"
	body, err := json.Marshal(map[string]string{"identifier": s.src.Identifier, "password": s.src.Password.Reveal()})
	if err != nil {
		return "", s.errorf("create session: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return "", s.errorf("create session at %s: %w", u, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", jsonAccept)
	req.Header.Set("User-Agent", s.set.userAgent)
	resp, err := s.client.Do(req)
	if err != nil {
		return "", s.errorf("create session at %s: %w", u, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxSessionBody))
	if err != nil {
		return "", s.errorf("create session at %s: %w", u, err)
	}
	return s.session(u, resp.StatusCode, data)
}

// session reads the createSession answer.
func (s *blueskySource) session(u string, status int, data []byte) (string, error) {
	if status != http.StatusOK {
		var e bskyError
		_ = json.Unmarshal(data, &e) // best effort: the status alone is an answer
		why := strings.TrimSpace(e.Error + " " + e.Message)
		if why != "" {
			why = " (" + why + ")"
		}
		err := fmt.Errorf("POST %s: HTTP %d %s%s", u, status, http.StatusText(status), why)
		if status < 500 { // refused credentials are a configuration problem
			err = fmt.Errorf("%w: %w", ErrBadSource, err)
		}
		return "", s.errorf("create session: %w: check identifier_env and password_env (use an app password)", err)
	}
	var sess bskySession
	if err := decodeJSON(data, &sess, "a createSession result"); err != nil {
		return "", s.errorf("create session at %s: %w", u, err)
	}
	if sess.AccessJwt == "" {
		return "", s.errorf("create session at %s: %w: no accessJwt", u, ErrBadResponse)
	}
	return sess.AccessJwt, nil
}
