package config

import (
	"fmt"

	"github.com/atender/atender/internal/gitignored"
)

// gitExposes says whether Git would let path be committed: `git check-ignore` says it is not ignored (a
// tracked file is never ignored). Git missing, path outside a repository or any other failure: false,
// since nothing can be said.
func gitExposes(path string) bool {
	ignored, known := gitignored.Ignored(path)
	return known && !ignored
}

// exposedDotenv is the warning for a .env that holds the key while Git does not ignore it.
func exposedDotenv(path string) string {
	return fmt.Sprintf("%s holds %s but Git does not ignore it: add it to .gitignore so the key is never committed (if it was committed already, also run git rm --cached on it and rotate the key)", path, KeyEnvVar)
}
