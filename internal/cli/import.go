package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/earshot/earshot/internal/app"
	"github.com/earshot/earshot/internal/mentionio"
	"github.com/earshot/earshot/internal/model"
	"github.com/earshot/earshot/sentiment"
	"github.com/earshot/earshot/store"
)

// importBatch is how many mentions go into one store transaction: large enough
// to amortise the fsync, small enough that a crash loses little work.
const importBatch = 1000

type importStats struct {
	read, stored, already, merged, dupInFile, bad, repaired, scored int
}

func runImport(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "import", "--db FILE [--format jsonl|csv] [--map field=column,...] FILE",
		"Import mentions from JSONL or CSV. Idempotent on id; rows without an analysis are scored.\n"+
			"A JSONL export restores whole (analysis, also_seen_in); CSV rows are scored again (the analysis\n"+
			"columns of a CSV export are for reading; line breaks inside a CSV field come back as \\n).\n"+
			"Dates: RFC 3339, 2026-11-23 10:00:00, or Unix time.")
	db := dbFlags(fs)
	format := fs.String("format", "", "input format: jsonl or csv (default: from the file name)")
	mapping := fs.String("map", "", "columns to read for mention fields, e.g. text=comment,rating=score,published_at=submitted")
	scale := fs.Float64("rating-scale", 5, "best rating in the input (10 for NPS); ratings are normalised to 0..5")
	source := fs.String("source", "import", "source name for rows that have none")
	brand := fs.String("brand", "", "brand for rows that have none (with --config, rows without a brand are matched against the brand queries instead)")
	skipBad := fs.Bool("skip-bad", false, "report bad rows and continue instead of stopping at the first")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return userErrorf("give exactly one input file (or - for stdin); see earshot import --help")
	}
	path := fs.Arg(0)
	opts, err := importOptions(path, *format, *mapping, *scale, *source, *brand)
	if err != nil {
		return err
	}
	in, size, err := openInput(env, path)
	if err != nil {
		return err
	}
	defer in.Close()
	sdb, cfgOpts, err := db.open(env, false)
	if err != nil {
		return err
	}
	defer sdb.Close()
	analyzer, err := sentiment.New(cfgOpts.sentiment)
	if err != nil {
		return fmt.Errorf("load sentiment engine: %w", err)
	}
	var matcher brandMatcher
	if cfgOpts.cfg != nil {
		if matcher, err = app.BrandMatcher(cfgOpts.cfg); err != nil {
			return userError{err}
		}
	}
	bar := newProgress(env, size)
	rd, err := mentionio.NewReader(io.TeeReader(in, bar), opts)
	if err != nil {
		return userError{fmt.Errorf("%s: %w", path, err)}
	}
	st, err := importRows(ctx, env, rd, sdb, analyzer, matcher, path, *skipBad)
	_ = bar.Finish()
	fmt.Fprintf(env.Stderr, "\n")
	fmt.Fprintf(env.Stdout, "read %d rows: %d new, %d already stored, %d merged into the same text from another source, %d duplicate ids in the file, %d bad, %d scored, %d with invalid UTF-8 repaired\n",
		st.read, st.stored, st.already, st.merged, st.dupInFile, st.bad, st.scored, st.repaired)
	return err
}

func importOptions(path, format, mapping string, scale float64, source, brand string) (mentionio.ReadOptions, error) {
	opts := mentionio.ReadOptions{Format: mentionio.FormatFromPath(path), RatingScale: scale, DefaultSource: source, DefaultBrand: brand}
	if format != "" {
		f, err := mentionio.ParseFormat(format)
		if err != nil {
			return opts, userError{err}
		}
		opts.Format = f
	}
	if scale <= 0 {
		return opts, userErrorf("--rating-scale must be positive, got %v", scale)
	}
	if mapping != "" {
		opts.Map = map[string]string{}
		for _, pair := range strings.Split(mapping, ",") {
			field, col, ok := strings.Cut(pair, "=")
			if !ok || strings.TrimSpace(field) == "" || strings.TrimSpace(col) == "" {
				return opts, userErrorf("--map %q: write field=column pairs separated by commas, e.g. text=comment,rating=score", pair)
			}
			opts.Map[strings.TrimSpace(field)] = strings.TrimSpace(col)
		}
	}
	return opts, nil
}

func openInput(env Env, path string) (io.ReadCloser, int64, error) {
	if path == "-" {
		return io.NopCloser(env.Stdin), -1, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, userError{err}
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, userError{err}
	}
	return f, fi.Size(), nil
}

// newProgress is a progress bar over the input's bytes on env.Stderr when
// that is a terminal (progressbar.DefaultBytes, but on the command's own
// stderr rather than the process's), and a silent one otherwise.
func newProgress(env Env, size int64) *progressbar.ProgressBar {
	if env.IsTerminal == nil || !env.IsTerminal(env.Stderr) {
		return progressbar.DefaultBytesSilent(size)
	}
	return progressbar.NewOptions64(size,
		progressbar.OptionSetDescription("importing"),
		progressbar.OptionSetWriter(env.Stderr),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowTotalBytes(true),
		progressbar.OptionSetWidth(10),
		progressbar.OptionThrottle(65*time.Millisecond),
		progressbar.OptionShowCount(),
		progressbar.OptionOnCompletion(func() { fmt.Fprint(env.Stderr, "\n") }),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionFullWidth(),
		progressbar.OptionSetRenderBlankState(true),
	)
}

// importRows streams records into the store in batches. Every batch is one
// transaction, so a crash loses at most one batch and a re-run, being idempotent
// on id, completes the import exactly.
func importRows(ctx context.Context, env Env, rd *mentionio.Reader, db mentionPutter, an *sentiment.Analyzer, matcher brandMatcher, path string, skipBad bool) (importStats, error) {
	var st importStats
	seen := make(map[string]struct{})
	batch := make([]model.Mention, 0, importBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		res, err := db.PutMentions(batch)
		if err != nil {
			return fmt.Errorf("store batch ending at row %d: %w", st.read, err)
		}
		st.stored += res.New
		st.already += res.Duplicates
		st.merged += res.Merged
		batch = batch[:0]
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return st, errors.Join(err, flush())
		}
		rec, err := rd.Next()
		if err == io.EOF {
			return st, flush()
		}
		var rowErr *mentionio.RowError
		if errors.As(err, &rowErr) {
			st.bad++
			fmt.Fprintf(env.Stderr, "%s:%d: %v\n", path, rowErr.Line, rowErr.Err)
			if rowErr.Field != "" {
				fmt.Fprintf(env.Stderr, "    (field %s)\n", rowErr.Field)
			}
			if !skipBad {
				return st, errors.Join(userErrorf("stopped at the bad row above: fix it, or re-run with --skip-bad to import the rest (rows already imported are kept; re-running is safe)"), flush())
			}
			continue
		}
		if err != nil {
			return st, errors.Join(fmt.Errorf("read %s: %w", path, err), flush())
		}
		st.read++
		if rec.RepairedUTF8 {
			st.repaired++
		}
		if _, dup := seen[rec.Mention.ID]; dup {
			st.dupInFile++
			continue
		}
		seen[rec.Mention.ID] = struct{}{}
		m := rec.Mention
		if len(m.Brands) == 0 && matcher != nil {
			m.Brands = matcher.Brands(m.Title + "\n" + m.Text)
		}
		if m.Analysis == nil {
			scoreMention(an, &m)
			st.scored++
		}
		batch = append(batch, m)
		if len(batch) == importBatch {
			if err := flush(); err != nil {
				return st, err
			}
		}
	}
}

// mentionPutter is the store as an import writes to it: *store.DB.
type mentionPutter interface {
	PutMentions(ms []model.Mention) (store.PutResult, error)
}

// brandMatcher gives rows without a brand the brands whose config query they match.
type brandMatcher interface{ Brands(text string) []string }

// scoreMention analyses m and fills its language when the input had none.
func scoreMention(an *sentiment.Analyzer, m *model.Mention) {
	a := new(model.Analysis)
	an.AnalyzeInto(sentiment.Input{Text: m.Text, Title: m.Title, LangHint: m.Lang, Rating: m.Rating}, a)
	m.Analysis = a
	if m.Lang == "" {
		m.Lang = a.Lang
	}
}
