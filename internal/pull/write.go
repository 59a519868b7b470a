package pull

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/atender/atender/internal/atomicfile"
	"github.com/atender/atender/internal/redact"

	"github.com/atender/atender/internal/safefile"
)

// WriteOptions control Write.
type WriteOptions struct {
	// Overwrite replaces existing files (kb pull --force, and --conflicts); otherwise they are skipped.
	Overwrite bool
	// Secrets are masked in a file before it is written (an article quoting the user's own key), with a
	// warning naming the article.
	Secrets *redact.Redactor
}

// WriteResult says what Write did, by file path relative to the folder.
type WriteResult struct {
	Written  []string
	Skipped  []string // existed already and Overwrite was off
	Refused  []string // would have been written outside the folder, or through a symbolic link
	Masked   []string // written with a secret masked
	Warnings []string // one per refused or masked file, naming it and why
}

// Write writes files into dir. Nothing is ever written outside dir: every folder on the way is checked as it
// is walked (a symbolic link inside dir that leads out of it is refused, with a warning naming it), folders
// are created only below a folder already checked, and a file is never opened through a symbolic link: the
// content goes to a new file in the checked folder and is renamed over the target, which replaces a
// directory entry and never follows one. A target that is itself a symbolic link is refused rather than
// replaced, even with Overwrite. dir itself may be a symbolic link (a docs folder often is one in a
// monorepo); that one is followed.
func Write(dir string, files []File, o WriteOptions) (*WriteResult, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, err
	}
	if root, err = filepath.Abs(root); err != nil {
		return nil, err
	}
	res := &WriteResult{}
	for _, f := range files {
		folder, name, why, err := place(root, f.Path)
		if err != nil {
			return res, fmt.Errorf("writing %s: %w", filepath.Join(dir, filepath.FromSlash(f.Path)), err)
		}
		if why == "" {
			target := filepath.Join(folder, name)
			switch fi, err := os.Lstat(target); {
			case err == nil && fi.Mode()&fs.ModeSymlink != 0:
				why = "it is a symbolic link"
			case err == nil && !fi.Mode().IsRegular():
				why = "it exists and is not a regular file"
			case err == nil && !o.Overwrite:
				res.Skipped = append(res.Skipped, f.Path)
				continue
			case err != nil && !errors.Is(err, fs.ErrNotExist):
				return res, fmt.Errorf("writing %s: %w", target, err)
			}
		}
		if why != "" {
			res.Refused = append(res.Refused, f.Path)
			res.Warnings = append(res.Warnings, fmt.Sprintf("not writing %s: %s", filepath.Join(dir, filepath.FromSlash(f.Path)), why))
			continue
		}
		if o.Secrets.Contains(string(f.Content)) {
			f.Content = []byte(o.Secrets.RedactSecrets(string(f.Content)))
			res.Masked = append(res.Masked, f.Path)
			res.Warnings = append(res.Warnings, maskedWarning(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Slug))
		}
		if err := atomicfile.Write(filepath.Join(folder, name), f.Content, 0o644); err != nil {
			return res, fmt.Errorf("writing %s: %w", filepath.Join(dir, filepath.FromSlash(f.Path)), err)
		}
		res.Written = append(res.Written, f.Path)
	}
	return res, nil
}

// maskedWarning says that the file of an article (or a category file: slug "") had the key masked.
func maskedWarning(file, slug string) string {
	what := "the category file " + file
	if slug != "" {
		what = "the article " + slug + " (" + file + ")"
	}
	return what + " holds the API key this run uses; it is masked in the file, so the next kb sync takes it out of the Knowledge Base. Rotate the key: whoever could read it there has it"
}

// place walks rel's folders below root, creating missing ones, and returns the real folder the file goes in
// and its name. why is set (and nothing created further) when the path would leave root.
func place(root, rel string) (folder, name, why string, err error) {
	clean := path.Clean(rel)
	if rel == "" || path.IsAbs(rel) || clean == ".." || strings.HasPrefix(clean, "../") || strings.Contains(rel, "\\") {
		return "", "", "its path leaves the folder", nil
	}
	parts := strings.Split(clean, "/")
	cur := root
	for i, p := range parts[:len(parts)-1] {
		next := filepath.Join(cur, p)
		fi, err := os.Lstat(next)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if err := os.Mkdir(next, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return "", "", "", err
			}
			cur = next
			continue
		case err != nil:
			return "", "", "", err
		case fi.Mode()&fs.ModeSymlink != 0:
			real, err := filepath.EvalSymlinks(next)
			if err != nil {
				return "", "", fmt.Sprintf("%s is a symbolic link that cannot be resolved", strings.Join(parts[:i+1], "/")), nil
			}
			if !safefile.Within(root, real) {
				return "", "", fmt.Sprintf("%s is a symbolic link to %s, outside the folder", strings.Join(parts[:i+1], "/"), real), nil
			}
			if fi, err = os.Stat(real); err != nil || !fi.IsDir() {
				return "", "", fmt.Sprintf("%s is not a folder", strings.Join(parts[:i+1], "/")), nil
			}
			cur = real
		case !fi.IsDir():
			return "", "", fmt.Sprintf("%s is not a folder", strings.Join(parts[:i+1], "/")), nil
		default:
			cur = next
		}
	}
	return cur, parts[len(parts)-1], "", nil
}
