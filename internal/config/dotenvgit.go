package config

import (
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
)

// gitExposes says whether Git would let path be committed: `git check-ignore` says it is not ignored (exit
// 1; a tracked file is never ignored). Git missing, path outside a repository or any other failure: false,
// since nothing can be said.
func gitExposes(path string) bool {
	git, err := exec.LookPath("git")
	if err != nil {
		return false
	}
	err = exec.Command(git, "-C", filepath.Dir(path), "check-ignore", "-q", "--", filepath.Base(path)).Run()
	var ee *exec.ExitError
	return errors.As(err, &ee) && ee.ExitCode() == 1
}

// exposedDotenv is the warning for a .env that holds the key while Git does not ignore it.
func exposedDotenv(path string) string {
	return fmt.Sprintf("%s holds %s but Git does not ignore it: add it to .gitignore so the key is never committed (if it was committed already, also run git rm --cached on it and rotate the key)", path, KeyEnvVar)
}
