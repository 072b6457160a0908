package config

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrInvalid matches (with errors.Is) a Problems error that holds at least one
// error, so callers can map a bad config to exit code 1 without a type switch.
var ErrInvalid = errors.New("invalid config")

// ErrTooLarge is returned for a config file over MaxFileSize.
var ErrTooLarge = errors.New("config file too large")

// MaxFileSize bounds what Load and Parse accept: a config is hand-written, so
// anything bigger is a mistake (or an alias bomb) rather than a config.
const MaxFileSize = 4 << 20

// Problem is one thing wrong with a config, located by file, line and field path
// (like "sources[2].schedule"). Warnings do not stop earshot from running.
type Problem struct {
	File    string
	Line    int
	Path    string
	Msg     string
	Warning bool
}

// String formats the problem as FILE:LINE: path: message, with "warning: "
// before the path for warnings, the way compilers print them.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Warning {
		b.WriteString("warning: ")
	}
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is every problem found in one config. As an error it prints one
// problem a line; Parse returns it only when at least one is not a warning.
type Problems []Problem

// Error prints one problem per line, in file order.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Is reports whether target is ErrInvalid and ps holds an error.
func (ps Problems) Is(target error) bool {
	return target == ErrInvalid && ps.HasErrors()
}

// HasErrors reports whether any problem is not a warning.
func (ps Problems) HasErrors() bool {
	for _, p := range ps {
		if !p.Warning {
			return true
		}
	}
	return false
}

// Warnings returns only the warnings.
func (ps Problems) Warnings() Problems { return ps.filter(true) }

// Errors returns only the problems that are not warnings.
func (ps Problems) Errors() Problems { return ps.filter(false) }

func (ps Problems) filter(warning bool) Problems {
	var out Problems
	for _, p := range ps {
		if p.Warning == warning {
			out = append(out, p)
		}
	}
	return out
}

// maxProblems bounds a report: past this many, the rest are noise (often one
// mistake repeated by an alias) and would bury the first, useful ones.
const maxProblems = 100

// capped keeps the first maxProblems problems and says how many it dropped.
func (ps Problems) capped(file string) Problems {
	if len(ps) <= maxProblems {
		return ps
	}
	more := Problem{
		File: file, Msg: fmt.Sprintf("%d more problems not shown: fix the ones above first", len(ps)-maxProblems),
		Warning: !ps[maxProblems:].HasErrors(),
	}
	return append(ps[:maxProblems:maxProblems], more)
}

// Sorted orders problems by line in place and returns them, errors before
// warnings on a line and otherwise in discovery order, so a field's problems
// read in the order they were checked. Use it after appending problems found
// elsewhere (brand queries) or merging Config.Warnings back in.
func (ps Problems) Sorted() Problems {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return !ps[i].Warning && ps[j].Warning
	})
	return ps
}
