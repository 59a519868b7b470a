package docs

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/atender/atender/internal/gitignored"
	"github.com/atender/atender/internal/markdown"
	"github.com/atender/atender/internal/safefile"
)

// errIncludeOutside is an include that names a file outside the repository.
var errIncludeOutside = errors.New("is outside the repository; only files of the repository are included")

// includer returns the resolver of includes (MkDocs `--8<-- "file"`, Mintlify <Snippet file="…"/>, an
// imported MDX partial) of the tree under root: from is the including page (relative to root), target as
// written. A relative target is looked for beside the page, then from the docs folder, the generator's
// project folder (MkDocs resolves snippets from there) and the repository root; `/x` is from the docs folder
// (Mintlify), `@site/x` from the project folder (Docusaurus), `@/x` from its src/ folder (Astro), an alias of
// the project's tsconfig.json paths from its folder (Astro: `@fragments/x.mdx`). Nothing
// outside the repository (or, outside Git, the docs folder's project) is ever read, symlinks included.
func (o *Options) includer(root string) func(from, target string) ([]byte, error) {
	docsAbs, _ := filepath.Abs(root)
	if r, err := filepath.EvalSymlinks(docsAbs); err == nil {
		docsAbs = r
	}
	fence := o.repoRoot
	if fence == "" {
		fence = docsAbs
	}
	site := o.site
	if site == "" {
		site = docsAbs
	}
	limit := o.MaxFileSize
	if limit <= 0 {
		limit = 1 << 20
	}
	return func(from, target string) ([]byte, error) {
		target = strings.TrimSpace(target)
		if target == "" || strings.ContainsRune(target, 0) {
			return nil, fmt.Errorf("include %q: no file named", target)
		}
		var bases []string
		rel := target
		unaliased, aliased := o.unalias(target)
		switch {
		case aliased: // an alias of the project's tsconfig.json (@fragments/cta.mdx)
			bases, rel = []string{docsAbs}, unaliased
		case strings.HasPrefix(target, "@site/"):
			bases, rel = []string{site}, strings.TrimPrefix(target, "@site/")
		case strings.HasPrefix(target, "@/"):
			// Astro's (and Vite's) usual alias of the project's src/ folder
			bases, rel = []string{filepath.Join(site, "src")}, strings.TrimPrefix(target, "@/")
		case strings.HasPrefix(target, "/"):
			bases, rel = []string{docsAbs, site}, strings.TrimPrefix(target, "/")
		default:
			bases = []string{filepath.Join(docsAbs, filepath.FromSlash(path.Dir(from))), docsAbs, site, fence}
		}
		var tried []string
		for _, b := range bases {
			cand := filepath.Join(b, filepath.FromSlash(rel))
			if containsPath(tried, cand) {
				continue
			}
			tried = append(tried, cand)
			real, err := filepath.EvalSymlinks(cand)
			if err != nil {
				continue
			}
			if !safefile.Within(fence, real) {
				return nil, fmt.Errorf("include %q %w", target, errIncludeOutside)
			}
			b, err := safefile.Read(real, limit)
			if err != nil {
				return nil, fmt.Errorf("include %q: %v", target, err)
			}
			return b, nil
		}
		shown := make([]string, len(tried))
		for i, c := range tried {
			if r, err := filepath.Rel(docsAbs, c); err == nil {
				shown[i] = filepath.ToSlash(r)
			}
		}
		if len(tried) > 0 && !safefile.Within(fence, tried[0]) {
			return nil, fmt.Errorf("include %q %w", target, errIncludeOutside)
		}
		if o.repoRoot != "" && len(tried) > 0 && gitIgnores(tried[0]) {
			return nil, fmt.Errorf("include %q (%s): %w", target, shown[0], markdown.ErrBuiltFile)
		}
		return nil, fmt.Errorf("include %q: no such file (looked for %s, from the docs folder)", target, strings.Join(shown, ", "))
	}
}

func containsPath(l []string, p string) bool {
	for _, x := range l {
		if x == p {
			return true
		}
	}
	return false
}

// gitIgnores reports a path the repository ignores (a file made when the site is built).
func gitIgnores(p string) bool {
	ignored, _ := gitignored.Ignored(p)
	return ignored
}
