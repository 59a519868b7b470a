// Package report renders results for their reader: text for people, JSON for machines, and GitHub
// workflow commands (annotations, job summary, step outputs) inside GitHub Actions. The mode is chosen once.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/atender/atender/internal/docs"
)

// DiagnosticsJSON is the --output json shape of `kb validate`.
type DiagnosticsJSON struct {
	SchemaVersion int               `json:"schemaVersion"`
	Root          string            `json:"root"`
	Files         int               `json:"files"`
	Articles      int               `json:"articles"`
	Skipped       int               `json:"skipped"`
	Errors        int               `json:"errors"`
	Warnings      int               `json:"warnings"`
	Diagnostics   []docs.Diagnostic `json:"diagnostics"`
}

// DiagnosticsOf is the JSON view of a tree's diagnostics.
func DiagnosticsOf(t *docs.Tree) DiagnosticsJSON {
	d := t.Diagnostics
	if d == nil {
		d = []docs.Diagnostic{}
	}
	return DiagnosticsJSON{SchemaVersion: SchemaVersion, Root: t.Root, Files: t.Files, Articles: len(t.Pages), Skipped: t.Skipped, Errors: t.Errors(), Warnings: t.Warnings(), Diagnostics: d}
}

// Summary is the one-line verdict on a tree.
func Summary(t *docs.Tree) string {
	files := t.Files
	s := fmt.Sprintf("%d %s checked", files, plural(files, "file", "files"))
	if t.Skipped > 0 {
		s += fmt.Sprintf(" (%d skipped)", t.Skipped)
	}
	s += fmt.Sprintf(": %d %s, %d %s", t.Errors(), plural(t.Errors(), "error", "errors"), t.Warnings(), plural(t.Warnings(), "warning", "warnings"))
	if t.Errors() > 0 {
		s += "; nothing was sent"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// RepoPath turns a path relative to the docs folder into one relative to the repository root, so GitHub
// places the annotation on the file in the pull request.
func RepoPath(docsRoot, rel, repoRoot string) string {
	if repoRoot == "" {
		return filepath.ToSlash(filepath.Join(docsRoot, rel))
	}
	abs, err := filepath.Abs(filepath.Join(docsRoot, filepath.FromSlash(rel)))
	if err != nil {
		return rel
	}
	r, err := filepath.Rel(repoRoot, abs)
	if err != nil || strings.HasPrefix(r, "..") {
		return filepath.ToSlash(filepath.Join(docsRoot, rel))
	}
	return filepath.ToSlash(r)
}

// RepoRoot finds the repository root: $GITHUB_WORKSPACE, else the nearest folder above dir with a .git.
func RepoRoot(getenv func(string) string, dir string) string {
	if w := getenv("GITHUB_WORKSPACE"); w != "" {
		if abs, err := filepath.Abs(w); err == nil {
			return abs
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// WriteJSON writes v as indented JSON.
func WriteJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// ValidateSummary renders the job summary of `kb validate`: the verdict and a table of the problems.
func ValidateSummary(t *docs.Tree, repoRoot string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## atender kb validate\n\n%s\n", Summary(t))
	if len(t.Diagnostics) > 0 {
		b.WriteString("\n| file | line | | message |\n|---|---:|---|---|\n")
		for i, d := range t.Diagnostics {
			if i == 200 {
				fmt.Fprintf(&b, "\n…and %d more (see the annotations)\n", len(t.Diagnostics)-200)
				break
			}
			fmt.Fprintf(&b, "| %s | %d | %s | %s |\n", mdEscape(RepoPath(t.Root, d.Path, repoRoot)), d.Line, d.Severity, mdEscape(d.Message))
		}
	}
	return b.String()
}
