package cli

import (
	"bufio"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/earshot/earshot/internal/config"
	"github.com/earshot/earshot/internal/mentionio"
	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/store"
)

func runExport(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "export", "--db FILE [--format jsonl|csv] [--brand B] [--source S] [--label L] [--lang L] [--since T] [--until T] [--out FILE]",
		"Export mentions with their analysis, oldest first.\n"+
			"When a running earshot holds the store, reads through its API (web.listen) instead.")
	db := dbFlags(fs)
	format := fs.String("format", "jsonl", "output format: jsonl or csv")
	var q store.Query
	fs.StringVar(&q.Brand, "brand", "", "only mentions of this brand")
	fs.StringVar(&q.Source, "source", "", "only mentions from this source")
	label := fs.String("label", "", "only this label: positive, neutral or negative")
	fs.StringVar(&q.Lang, "lang", "", "only this language (ISO 639-1, e.g. en, ms)")
	fs.StringVar(&q.Text, "text", "", "only mentions whose text contains this (case-insensitive)")
	since := fs.String("since", "", "published at or after (RFC 3339 or YYYY-MM-DD)")
	until := fs.String("until", "", "published before (RFC 3339 or YYYY-MM-DD)")
	out := fs.String("out", "-", "output file (- for stdout)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	f, err := mentionio.ParseFormat(*format)
	if err != nil {
		return userError{err}
	}
	if q.Label = model.Label(*label); *label != "" && q.Label.Index() < 0 {
		return userErrorf("--label %q: use positive, neutral or negative", *label)
	}
	if q.Since, err = parseWhen("--since", *since); err != nil {
		return err
	}
	if q.Until, err = parseWhen("--until", *until); err != nil {
		return err
	}
	sdb, api, r, err := db.openOrAPI(env)
	if err != nil {
		return err
	}
	if r.cfg != nil {
		q.Brand = configName(env, "--brand", q.Brand, r.cfg.Brands, func(b config.Brand) string { return b.Name })
		q.Source = configName(env, "--source", q.Source, r.cfg.Sources, func(s config.Source) string { return s.Name })
	}
	var each eachMention
	if api != nil {
		each = func(q store.Query, fn func(*model.Mention) error) error {
			return api.eachMention(ctx, q, fn, func(err error) error { return heldError(r, api, err) })
		}
	} else {
		defer sdb.Close()
		each = sdb.EachMention
	}
	return exportTo(ctx, env, each, q, f, *out)
}

// configName resolves a --brand or --source filter against the config's
// names: stored names match exactly, so "brewly" would find nothing of
// "Brewly" and look like a quiet week. A name the config lacks is kept (a
// brand removed from the config keeps its stored mentions), with a note.
func configName[T any](env Env, flag, name string, items []T, nameOf func(T) string) string {
	if name == "" {
		return ""
	}
	var names []string
	for _, it := range items {
		n := nameOf(it)
		if n == name {
			return name
		}
		names = append(names, n)
	}
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return n
		}
	}
	fmt.Fprintf(env.Stderr, "earshot export: note: %s %q is not in the config (%s); exporting what the store holds under that exact name\n",
		flag, name, strings.Join(names, ", "))
	return name
}

// eachMention calls fn with every mention q selects, oldest first: from the
// store, or from the API of the earshot that holds it.
type eachMention func(q store.Query, fn func(*model.Mention) error) error

// eachMention pages through GET /api/mentions, oldest first, like
// store.DB.EachMention. API failures go through apiErr (they name the
// service); fn's own errors (a full disk) come back as they are.
func (a serviceAPI) eachMention(ctx context.Context, q store.Query, fn func(*model.Mention) error, apiErr func(error) error) error {
	v := url.Values{"order": {"asc"}, "limit": {strconv.Itoa(store.MaxLimit)}}
	for k, s := range map[string]string{"brand": q.Brand, "source": q.Source, "label": string(q.Label), "lang": q.Lang, "text": q.Text} {
		if s != "" {
			v.Set(k, s)
		}
	}
	for k, t := range map[string]time.Time{"since": q.Since, "until": q.Until} {
		if !t.IsZero() {
			v.Set(k, t.Format(time.RFC3339Nano))
		}
	}
	for {
		var page store.Page
		if err := a.get(ctx, "/api/mentions", v, &page); err != nil {
			return apiErr(err)
		}
		for i := range page.Mentions {
			if err := fn(&page.Mentions[i]); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		v.Set("cursor", page.Next)
	}
}

func exportTo(ctx context.Context, env Env, each eachMention, q store.Query, f mentionio.Format, out string) (err error) {
	dst := env.Stdout
	if out != "-" {
		// Written beside the target and renamed over it at the end: a failed
		// export leaves yesterday's file whole, not truncated.
		// Created as os.Create would (0666 less the umask), then given the
		// mode of the file it replaces: an export kept private stays so.
		tmp := filepath.Join(filepath.Dir(out), fmt.Sprintf(".%s.%d-%d.tmp", filepath.Base(out), os.Getpid(), time.Now().UnixNano()))
		file, cerr := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if cerr != nil {
			return userError{cerr}
		}
		if fi, serr := os.Stat(out); serr == nil {
			if cerr := file.Chmod(fi.Mode().Perm()); cerr != nil {
				file.Close()
				os.Remove(tmp)
				return userError{cerr}
			}
		}
		defer func() {
			if cerr := file.Close(); err == nil {
				err = cerr
			}
			if err == nil {
				err = os.Rename(file.Name(), out)
			}
			if err != nil {
				os.Remove(file.Name())
			}
		}()
		dst = file
	}
	bw := bufio.NewWriterSize(dst, 1<<16)
	w, err := mentionio.NewWriter(bw, f)
	if err != nil {
		return userError{err}
	}
	n := 0
	err = each(q, func(m *model.Mention) error {
		n++
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		return w.Write(m)
	})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if out != "-" {
		fmt.Fprintf(env.Stderr, "exported %d mentions to %s\n", n, out)
	}
	return nil
}

// parseWhen reads a time flag: RFC 3339 or a date (midnight UTC).
func parseWhen(flagName, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, userErrorf("%s %q: use RFC 3339 (2026-11-23T09:00:00Z) or a date (2026-11-23)", flagName, s)
}
