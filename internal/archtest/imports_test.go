// Package archtest holds the test that keeps DESIGN.md's import rules true.
package archtest

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/earshot/earshot"

// packageImports maps each package of the module (by path relative to the module
// root) to the module packages its non-test files import.
func packageImports(t *testing.T) map[string][]string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		if _, ok := out[rel]; !ok {
			out[rel] = nil
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if dep, ok := strings.CutPrefix(p, module+"/"); ok {
				out[rel] = append(out[rel], dep)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// deps returns every module package pkg depends on, directly or not.
func deps(graph map[string][]string, pkg string) map[string]bool {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(p string) {
		for _, d := range graph[p] {
			if !seen[d] {
				seen[d] = true
				walk(d)
			}
		}
	}
	walk(pkg)
	return seen
}

func within(pkg, tree string) bool { return pkg == tree || strings.HasPrefix(pkg, tree+"/") }

func TestImportRules(t *testing.T) {
	graph := packageImports(t)
	if len(graph) < 5 {
		t.Fatalf("found only %d packages: is the module root right?", len(graph))
	}
	siblings := []string{"crawler", "sentiment", "store", "alerts", "internal/digest"}
	var pkgs []string
	for p := range graph {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	for _, p := range pkgs {
		ds := deps(graph, p)
		for d := range ds {
			switch {
			case within(p, "internal/model"):
				t.Errorf("%s imports %s: internal/model must import nothing of ours", p, d)
			case within(d, "internal/app") && !within(p, "internal/cli") && !within(p, "cmd"):
				t.Errorf("%s imports %s: only the CLI may import internal/app", p, d)
			case within(d, "internal/cli") && !within(p, "cmd"):
				t.Errorf("%s imports %s: only cmd may import internal/cli", p, d)
			case (within(p, "sentiment") || within(p, "store")) && within(d, "internal/config"):
				t.Errorf("%s imports %s: sentiment and store take option structs, not the config", p, d)
			case within(p, "alerts") && !strings.HasPrefix(p, "alerts/") && (within(d, "alerts/slack") || within(d, "alerts/webhook")):
				t.Errorf("%s imports %s: notifier providers import alerts, never the reverse", p, d)
			}
			for _, a := range siblings {
				for _, b := range siblings {
					if a != b && within(p, a) && within(d, b) {
						t.Errorf("%s imports %s: %s and %s are siblings that meet only in internal/pipeline and internal/app", p, d, a, b)
					}
				}
			}
		}
	}
}

func TestModuleRootFound(t *testing.T) {
	if _, err := os.Stat("../../go.mod"); err != nil {
		t.Fatalf("go.mod not at ../..: %v", err)
	}
}
