package config

import (
	"fmt"
	"math"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// validator collects every problem in a decoded config; nothing stops at the first.
type validator struct {
	c     *Config
	env   func(string) string
	probs Problems
	// decoded holds the paths decoding already complained about.
	decoded map[string]bool
}

func (c *Config) validate(env func(string) string, decodeProblems Problems) Problems {
	v := &validator{c: c, env: env, decoded: map[string]bool{}}
	for _, p := range decodeProblems {
		v.decoded[p.Path] = true
	}
	v.store()
	v.crawl()
	v.sentiment()
	v.brands()
	v.sources()
	v.alerts()
	v.digest()
	v.web()
	v.log()
	return v.probs
}

func (v *validator) errorf(path, format string, args ...any) {
	v.add(path, false, format, args...)
}

func (v *validator) warnf(path, format string, args ...any) {
	v.add(path, true, format, args...)
}

func (v *validator) add(path string, warning bool, format string, args ...any) {
	// A path decoding already complained about (or one inside it) holds a
	// default, so checking it would only add noise.
	for p := path; p != ""; p = parentPath(p) {
		if v.decoded[p] {
			return
		}
	}
	v.probs = append(v.probs, Problem{
		File: v.c.File, Line: v.c.Line(path), Path: path,
		Msg: fmt.Sprintf(format, args...), Warning: warning,
	})
}

// oneOf checks that got is one of allowed, suggesting the closest on a typo.
func (v *validator) oneOf(path, what, got string, allowed []string) bool {
	if slices.Contains(allowed, got) {
		return true
	}
	v.errorf(path, "unknown %s %q%s; use %s", what, got, didYouMean(got, allowed), oneOf(allowed))
	return false
}

func (v *validator) positive(path string, d Duration) {
	if d <= 0 {
		v.errorf(path, "must be a positive duration like 30s, 5m or 1h")
	}
}

func (v *validator) atLeast(path string, got, least int64) {
	if got < least {
		v.errorf(path, "must be at least %d, got %d", least, got)
	}
}

// httpURL checks an http(s) URL; its message names the field's purpose via example.
func (v *validator) httpURL(path, raw, example string) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.errorf(path, "%q is not an http(s) URL: write it in full, like %s", raw, example)
	}
}

// envName checks that a *_env field holds a variable's name. The value is not
// echoed: a user who pasted the secret itself here must not see it in logs.
func (v *validator) envName(path, name string) {
	if name != "" && !envName.MatchString(name) {
		v.errorf(path, "must be the name of an environment variable (letters, digits and _, like SLACK_BOT_TOKEN), not its value: put the value in the environment")
	}
}

// missingEnv reports whether the variable a *_env field names is unset or empty.
func (v *validator) missingEnv(name string) bool {
	return name != "" && lookup(v.env, name) == ""
}

// schedule checks a cron spec the way internal/schedule will parse it.
func (v *validator) schedule(path, spec string) {
	if err := checkSchedule(spec); err != nil {
		v.errorf(path, "%v", err)
	}
}

const cronHelp = `use 5 cron fields like "*/15 * * * *", a descriptor like @hourly, or "@every 30m"`

// checkSchedule parses spec with robfig/cron's standard parser and also
// rejects "@every" under a second, which cron silently rounds up to 1s.
func checkSchedule(spec string) (err error) {
	defer func() {
		// cron v3.0.1 panics on some malformed specs ("TZ=x" with no space).
		if r := recover(); r != nil {
			err = fmt.Errorf("invalid schedule %q: %v; %s", spec, r, cronHelp)
		}
	}()
	p := cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
	if _, err := p.Parse(spec); err != nil {
		return fmt.Errorf("invalid schedule %q: %v; %s", spec, err, cronHelp)
	}
	if _, every, ok := strings.Cut(spec, "@every "); ok {
		if d, err := time.ParseDuration(strings.TrimSpace(every)); err == nil && d < time.Second {
			return fmt.Errorf("invalid schedule %q: @every needs at least 1s", spec)
		}
	}
	return nil
}

func (v *validator) store() {
	if strings.TrimSpace(v.c.Store.Path) == "" {
		v.errorf("store.path", "is required: the bbolt file earshot keeps its data in, like earshot.db")
	}
	v.positive("store.open_timeout", v.c.Store.OpenTimeout)
}

func (v *validator) crawl() {
	cr := v.c.Crawl
	switch {
	case cr.Contact == "":
		v.warnf("crawl.contact", "is empty: put a URL or mailto: address here so site owners can reach you (it goes in the User-Agent)")
	case strings.HasPrefix(cr.Contact, "mailto:"):
	default:
		v.httpURL("crawl.contact", cr.Contact, "https://example.com/bot or mailto:ops@example.com")
	}
	v.atLeast("crawl.parallelism", int64(cr.Parallelism), 1)
	v.positive("crawl.timeout", cr.Timeout)
	v.atLeast("crawl.max_body_bytes", cr.MaxBodyBytes, 1)
	v.atLeast("crawl.retries", int64(cr.Retries), 0)
	v.atLeast("crawl.max_redirects", int64(cr.MaxRedirects), 0)
	v.atLeast("crawl.max_pages", int64(cr.MaxPages), 1)
	v.schedule("crawl.default_schedule", cr.DefaultSchedule)
}

var langCode = regexp.MustCompile(`^[a-z]{2,3}$`)

func (v *validator) sentiment() {
	for _, lang := range sortedKeys(v.c.Sentiment.Terms) {
		path := "sentiment.terms." + lang
		if !langCode.MatchString(lang) {
			v.errorf(path, "%q is not a language code: use ISO 639 codes like en, ms or hy", lang)
		}
		terms := v.c.Sentiment.Terms[lang]
		for _, term := range sortedKeys(terms) {
			if val := terms[term]; math.IsNaN(val) || val < -4 || val > 4 {
				v.errorf(path+"."+term, "valence must be between -4 and 4, got %v", val)
			}
		}
	}
	for _, aspect := range sortedKeys(v.c.Sentiment.Aspects) {
		if len(v.c.Sentiment.Aspects[aspect]) == 0 {
			v.errorf("sentiment.aspects."+aspect, "needs at least one keyword")
		}
	}
}

func (v *validator) digest() {
	v.schedule("digest.schedule", v.c.Digest.Schedule)
	if strings.TrimSpace(v.c.Digest.OutDir) == "" {
		v.errorf("digest.out_dir", "is required: the directory HTML reports are written to, like reports")
	}
	if v.c.set("digest") {
		v.warnf("digest", "the weekly digest is not built yet: this section is checked, but no digest is built or sent")
	}
}

func (v *validator) web() {
	host, port, err := net.SplitHostPort(v.c.Web.Listen)
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 || strings.ContainsAny(host, " /") {
		v.errorf("web.listen", "%q is not host:port: write it like 127.0.0.1:8080 or :8080", v.c.Web.Listen)
	}
	if v.c.Web.BaseURL != "" {
		v.httpURL("web.base_url", v.c.Web.BaseURL, "https://earshot.example.com")
	}
	// auth_token_env is reserved for the triage changes the web UI will
	// make; today everything it serves is read-only, so an unset variable
	// needs no warning.
	v.envName("web.auth_token_env", v.c.Web.AuthTokenEnv)
}

func (v *validator) log() {
	v.oneOf("log.level", "log level", v.c.Log.Level, []string{"debug", "info", "warn", "error"})
	v.oneOf("log.format", "log format", v.c.Log.Format, []string{"text", "json"})
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
