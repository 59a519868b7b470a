package safefile

import (
	"os"
	"path/filepath"
	"strings"
)

// Within reports whether p is dir or below it (both cleaned paths of one kind, absolute or relative): the one
// test of "nothing outside the repository (or the site) is read".
func Within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// IsDir reports whether p is a folder (after following symlinks).
func IsDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
