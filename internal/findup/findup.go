// Package findup is the program's one upward search: a folder and the folders above it, nearest first,
// bounded by the repository root (the nearest folder holding .git) and, where asked, by a number of levels.
// The config file, the .env file and a docs generator's marker are all found with it.
package findup

import (
	"os"
	"path/filepath"
)

// RepoRoot is the nearest folder at or above dir that holds .git (a folder, or a worktree's file), or ""
// when there is none.
func RepoRoot(dir string) string {
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if isRepo(d) {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

func isRepo(d string) bool {
	_, err := os.Stat(filepath.Join(d, ".git"))
	return err == nil
}

// Bound limits a Search besides the repository root, which is always the last folder looked at.
type Bound struct {
	// MaxUp is how many folders above dir may be looked at; negative: no limit.
	MaxUp int
	// InRepo: outside a repository only dir itself is looked at, so that a stray file in a home folder or
	// a parent project is never picked up.
	InRepo bool
}

// Search asks found about dir, then about each folder above it, nearest first, until found says yes, the
// folder holding .git was asked about, the bound is reached or the file system's root was asked about. It
// returns the folder found said yes to, or "".
func Search(dir string, b Bound, found func(dir string) bool) string {
	d := filepath.Clean(dir)
	if b.InRepo && RepoRoot(d) == "" {
		b.MaxUp = 0
	}
	for up := 0; ; up++ {
		if found(d) {
			return d
		}
		if isRepo(d) || (b.MaxUp >= 0 && up >= b.MaxUp) || filepath.Dir(d) == d {
			return ""
		}
		d = filepath.Dir(d)
	}
}

// File is the file called name in dir or the nearest folder above it within the bound, or "".
func File(dir, name string, b Bound) string {
	var p string
	if Search(dir, b, func(d string) bool {
		p = filepath.Join(d, name)
		return IsFile(p)
	}) == "" {
		return ""
	}
	return p
}

// IsFile says whether p is a regular file (through symbolic links).
func IsFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
