// Package gitignored asks Git whether it ignores a path.
package gitignored

import (
	"errors"
	"os/exec"
	"path/filepath"

	"github.com/atender/atender/internal/safefile"
)

// Ignored says whether Git ignores path (`git check-ignore`: exit 0 ignored, exit 1 not; a tracked file is
// never ignored; path need not exist). known is false when nothing can be said: Git missing, path outside a
// repository, any other failure.
func Ignored(path string) (ignored, known bool) {
	git, err := exec.LookPath("git")
	if err != nil {
		return false, false
	}
	dir := filepath.Dir(path) // git runs in the nearest folder that exists: a generated one may not
	for !safefile.IsDir(dir) && filepath.Dir(dir) != dir {
		dir = filepath.Dir(dir)
	}
	rel, err := filepath.Rel(dir, path)
	if err != nil {
		return false, false
	}
	err = exec.Command(git, "-C", dir, "check-ignore", "-q", "--", rel).Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return true, true
	case errors.As(err, &ee) && ee.ExitCode() == 1:
		return false, true
	}
	return false, false
}
