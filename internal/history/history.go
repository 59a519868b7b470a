// Package history reads earlier committed versions of a docs file from Git, so kb sync can tell an article
// edited in the Atender editor (its remote content matches no version the repository ever had) from one
// that is simply behind the local file (it matches an earlier version).
package history

import (
	"bytes"

	"errors"
	"fmt"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/plan"
	"os/exec"
	"path/filepath"
	"strings"
)

// Repo is a Git work tree.
type Repo struct {
	root string
}

// Version is one committed version of a file. Its content is read on demand: conflict detection usually
// stops at the newest one or two versions.
type Version struct {
	Commit string
	Path   string // path of the file at that commit, relative to the repository root
	repo   *Repo
}

// Content reads the file as it was at the commit.
func (v Version) Content() ([]byte, error) {
	return git(v.repo.root, "show", v.Commit+":"+v.Path)
}

// Open finds the repository holding dir. When conflict detection is impossible it returns nil and the
// reason, in words for the user.
func Open(dir string) (*Repo, string) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, "git is not installed"
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err.Error()
	}
	out, err := git(abs, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Sprintf("%s is not inside a Git repository", dir)
	}
	root := strings.TrimSpace(string(out))
	if sh, err := git(root, "rev-parse", "--is-shallow-repository"); err == nil && strings.TrimSpace(string(sh)) == "true" {
		return nil, "the repository is a shallow clone, so earlier versions of the files are missing (in GitHub Actions, set fetch-depth: 0 on actions/checkout)"
	}
	if _, err := git(root, "rev-parse", "--verify", "-q", "HEAD"); err != nil {
		return nil, "the repository has no commits yet"
	}
	return &Repo{root: root}, ""
}

// Root is the repository's top folder.
func (r *Repo) Root() string { return r.root }

// Versions returns up to max committed versions of the file at path (newest first), following renames.
func (r *Repo) Versions(path string, max int) ([]Version, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(r.root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		// The root may be reached through a symlink; compare resolved paths.
		if ra, e1 := filepath.EvalSymlinks(abs); e1 == nil {
			if rr, e2 := filepath.EvalSymlinks(r.root); e2 == nil {
				rel, err = filepath.Rel(rr, ra)
			}
		}
		if err != nil || strings.HasPrefix(rel, "..") {
			return nil, fmt.Errorf("%s is outside the repository %s", path, r.root)
		}
	}
	rel = filepath.ToSlash(rel)
	out, err := git(r.root, "log", "--follow", fmt.Sprintf("--max-count=%d", max), "--format=%x00%H", "--name-only", "--", rel)
	if err != nil {
		return nil, err
	}
	var vs []Version
	for _, rec := range strings.Split(string(out), "\x00") {
		lines := strings.Fields(rec)
		if len(lines) < 2 {
			continue
		}
		vs = append(vs, Version{Commit: lines[0], Path: lines[len(lines)-1], repo: r})
	}
	return vs, nil
}

func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, errors.New("git " + args[0] + ": " + msg)
	}
	return out, nil
}

// MaxVersions bounds how far back a file's history is read.
const MaxVersions = 100

// Detect returns the updates of p whose remote article matches no committed version of its file: someone
// edited it in Atender since it was last synced. An update whose remote equals what an earlier version of
// the file would have sent is only behind the local file, and is not returned.
func Detect(tree *docs.Tree, repo *Repo, p *plan.Plan, ix *plan.Index) ([]*plan.Action, error) {
	docsAbs, err := filepath.Abs(tree.Root)
	if err != nil {
		return nil, err
	}
	if r, err := filepath.EvalSymlinks(docsAbs); err == nil {
		docsAbs = r
	}
	root := repo.root
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	prefix, _ := filepath.Rel(root, docsAbs)
	prefix = filepath.ToSlash(prefix)
	var conflicts []*plan.Action
	for _, a := range p.Actions {
		if a.Kind != plan.Update || a.Remote == nil {
			continue
		}
		vs, err := repo.Versions(filepath.Join(tree.Root, filepath.FromSlash(a.Path)), MaxVersions)
		if err != nil {
			return nil, fmt.Errorf("reading the history of %s: %w", a.Path, err)
		}
		matched := false
		for _, v := range vs {
			rel := a.Path
			if prefix == "." {
				rel = v.Path
			} else if r, ok := strings.CutPrefix(v.Path, prefix+"/"); ok {
				rel = r
			}
			content, err := v.Content()
			if err != nil {
				continue // the commit deleted the file
			}
			pg := tree.Evaluate(rel, content)
			if pg != nil && pg.Slug == a.Slug && len(plan.Diff(pg, a.Remote, ix)) == 0 {
				matched = true
				break
			}
		}
		if !matched {
			conflicts = append(conflicts, a)
		}
	}
	return conflicts, nil
}
