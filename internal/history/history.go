// Package history reads Git only: the earlier committed versions of the files under a docs folder and their
// contents. It judges nothing; package conflict uses these versions as evidence to tell an article edited in
// the Atender editor (its remote matches no version the repository ever had) from one that is simply behind
// the local file (it matches an earlier version).
package history

import (
	"bufio"
	"bytes"
	"io"
	"strconv"

	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// Repo is a Git work tree.
type Repo struct {
	root string
}

// Version is one committed version of a file. Its content is read on demand (Index.Content): conflict
// detection usually stops at the newest one or two versions.
type Version struct {
	Commit string
	Path   string // path of the file at that commit, relative to the repository root
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

// Index holds the versions of every file under a folder, from one `git log`, and reads their contents
// through one `git cat-file --batch` process: per-file git calls cost ~20 ms an article.
type Index struct {
	repo     *Repo
	versions map[string][]Version // current repo-relative path → versions, newest first
	// every is each version of every file that was ever under the folder, deleted files included, newest
	// commit first: what ownership reads to learn which slugs this repository ever had.
	every []Version

	cat    *exec.Cmd
	catIn  io.WriteCloser
	catOut *bufio.Reader
}

// Index reads the history of the folder dir (inside the repository), following renames.
func (r *Repo) Index(dir string, max int) (*Index, error) {
	rel, err := r.Rel(dir)
	if err != nil {
		return nil, err
	}
	out, err := git(r.root, "log", "-M", "--name-status", "--format=%x00%H", "--", rel)
	if err != nil {
		return nil, err
	}
	ix := &Index{repo: r, versions: map[string][]Version{}}
	// Walking from the newest commit back, alias maps a path as it was named in history to the file's
	// current path; "" marks a name whose older history belongs to another (deleted or replaced) file.
	alias := map[string]string{}
	current := func(p string) string {
		if c, ok := alias[p]; ok {
			return c
		}
		alias[p] = p
		return p
	}
	add := func(commit, histPath string) {
		ix.every = append(ix.every, Version{Commit: commit, Path: histPath})
		if cur := current(histPath); cur != "" && len(ix.versions[cur]) < max {
			ix.versions[cur] = append(ix.versions[cur], Version{Commit: commit, Path: histPath})
		}
	}
	for _, rec := range strings.Split(string(out), "\x00") {
		lines := strings.Split(strings.TrimSpace(rec), "\n")
		if len(lines) == 0 || lines[0] == "" {
			continue
		}
		commit := lines[0]
		for _, l := range lines[1:] {
			f := strings.Split(l, "\t")
			if len(f) < 2 {
				continue
			}
			switch st := f[0]; {
			case strings.HasPrefix(st, "R") && len(f) == 3:
				cur := current(f[2])
				add(commit, f[2])
				alias[f[2]] = "" // older commits under the new name are another file's
				if cur != "" {
					alias[f[1]] = cur // older history continues under the old name
				}
			case st == "A":
				add(commit, f[1])
				alias[f[1]] = ""
			case st == "D":
				current(f[1])
				alias[f[1]] = ""
			default: // M, T
				add(commit, f[1])
			}
		}
	}
	return ix, nil
}

// Every returns each committed version of every file ever under the folder (deleted and renamed files
// included), newest commit first. Paths are relative to the repository root.
func (ix *Index) Every() []Version { return ix.every }

// Versions returns the versions of the file at path (newest first).
func (ix *Index) Versions(path string) []Version {
	rel, err := ix.repo.Rel(path)
	if err != nil {
		return nil
	}
	return ix.versions[rel]
}

// Content reads a version through the shared cat-file process.
func (ix *Index) Content(v Version) ([]byte, error) {
	if ix.cat == nil {
		cmd := exec.Command("git", "-C", ix.repo.root, "cat-file", "--batch")
		in, err := cmd.StdinPipe()
		if err != nil {
			return nil, err
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			return nil, err
		}
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		ix.cat, ix.catIn, ix.catOut = cmd, in, bufio.NewReader(out)
	}
	if _, err := fmt.Fprintf(ix.catIn, "%s:%s\n", v.Commit, v.Path); err != nil {
		return nil, err
	}
	header, err := ix.catOut.ReadString('\n')
	if err != nil {
		return nil, err
	}
	f := strings.Fields(header)
	if len(f) == 2 && f[1] == "missing" {
		return nil, fmt.Errorf("%s:%s is missing", v.Commit, v.Path)
	}
	if len(f) != 3 {
		return nil, fmt.Errorf("git cat-file: unexpected header %q", header)
	}
	size, err := strconv.Atoi(f[2])
	if err != nil {
		return nil, err
	}
	b := make([]byte, size+1) // the content and a newline
	if _, err := io.ReadFull(ix.catOut, b); err != nil {
		return nil, err
	}
	return b[:size], nil
}

// Close stops the cat-file process.
func (ix *Index) Close() {
	if ix.cat != nil {
		ix.catIn.Close()
		ix.cat.Wait()
		ix.cat = nil
	}
}

// Rel turns a path into one relative to the repository root, with forward slashes.
func (r *Repo) Rel(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if ra, err := filepath.EvalSymlinks(abs); err == nil {
		abs = ra
	}
	root := r.root
	if rr, err := filepath.EvalSymlinks(root); err == nil {
		root = rr
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", fmt.Errorf("%s is outside the repository %s", path, r.root)
	}
	return filepath.ToSlash(rel), nil
}

// GitDir returns the Git directory shared by the work trees of the repository holding dir (its .git), or
// an error when dir is not inside a repository. Files kept there are never committed.
func GitDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	out, err := git(abs, "rev-parse", "--path-format=absolute", "--git-common-dir")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// Show reads a file as it was at a commit (path relative to the repository root); found is false when the
// file did not exist there.
func (ix *Index) Show(commit, path string) (b []byte, found bool, err error) {
	b, err = ix.Content(Version{Commit: commit, Path: path})
	if err != nil && strings.HasSuffix(err.Error(), " is missing") {
		return nil, false, nil
	}
	return b, err == nil, err
}

// Shared opens the history of one docs folder once, on first use, for every reader of a run (ownership and
// conflict detection read the same single `git log`).
type Shared struct {
	dir  string
	once sync.Once
	repo *Repo
	ix   *Index
	off  string
	err  error
}

// NewShared returns the history of dir, not yet read.
func NewShared(dir string) *Shared { return &Shared{dir: dir} }

// Get reads the history on first use. repo is nil when there is none to read, off then saying why (outside
// Git, shallow clone …); err is a failure to read a history that exists.
func (s *Shared) Get() (repo *Repo, ix *Index, off string, err error) {
	s.once.Do(func() {
		s.repo, s.off = Open(s.dir)
		if s.repo != nil {
			s.ix, s.err = s.repo.Index(s.dir, MaxVersions)
			if s.err != nil {
				s.err = fmt.Errorf("reading the history of %s: %w", s.dir, s.err)
			}
		}
	})
	return s.repo, s.ix, s.off, s.err
}

// Close stops what reading contents started.
func (s *Shared) Close() {
	if s.ix != nil {
		s.ix.Close()
	}
}
