package docs

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
)

// repoView is the address of a file or folder of the repository in its web view (links.repoUrl), for a link
// whose target, resolved from the docs folder (root), is outside it or is no page; for an image, the
// address of the file itself (/raw/), which a browser shows. It is "" when there is no repoUrl or the
// target is not an existing path inside the repository.
func (o *Options) repoView(root, resolved string, image bool) string {
	if o.RepoURL == "" || o.repoRoot == "" {
		return ""
	}
	docsAbs, err := filepath.Abs(root)
	if err != nil {
		return ""
	}
	if r, err := filepath.EvalSymlinks(docsAbs); err == nil {
		docsAbs = r
	}
	abs := filepath.Join(docsAbs, filepath.FromSlash(resolved))
	rel, err := filepath.Rel(o.repoRoot, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return ""
	}
	kind := "blob"
	switch {
	case fi.IsDir():
		kind = "tree"
	case image:
		kind = "raw"
	}
	base := strings.TrimRight(o.RepoURL, "/")
	if strings.Contains(base, "gitlab") {
		base += "/-"
	}
	ref := o.RepoRef
	if ref == "" {
		ref = headRef(o.repoRoot)
	}
	p := base + "/" + kind + "/" + ref
	if rel != "." {
		p += "/" + escapePath(filepath.ToSlash(rel))
	}
	return p
}

// headRef is the checked-out branch of the repository at root (its commit when detached), "HEAD" when it
// cannot be read.
func headRef(root string) string {
	gitDir := filepath.Join(root, ".git")
	if b, err := os.ReadFile(gitDir); err == nil { // a worktree: "gitdir: /path/to/.git/worktrees/x"
		if d, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "gitdir:"); ok {
			gitDir = strings.TrimSpace(d)
			if !filepath.IsAbs(gitDir) {
				gitDir = filepath.Join(root, gitDir)
			}
		}
	}
	b, err := os.ReadFile(filepath.Join(gitDir, "HEAD"))
	if err != nil {
		return "HEAD"
	}
	b = bytes.TrimSpace(b)
	if ref, ok := bytes.CutPrefix(b, []byte("ref: refs/heads/")); ok {
		return string(ref)
	}
	if len(b) >= 40 && !bytes.ContainsAny(b, " /") {
		return string(b)
	}
	return "HEAD"
}
