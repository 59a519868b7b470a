package docs

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/atender/atender/internal/preset"
	"github.com/atender/atender/internal/safefile"

	ignore "github.com/sabhiram/go-gitignore"
)

// maxSmallFile is the most read of .atenderignore and _category.yml, which hold a few lines: a larger one
// is refused rather than held in memory.
const maxSmallFile = 1 << 20

type fileEntry struct {
	rel string
	abs string
}

// walk lists the pages (Markdown and MDX files) and the category files (_category.yml, and Docusaurus'
// _category_.json and _category_.yml) in a deterministic order. A page that is left out (excluded, or not
// published by the tree's generator) is counted in t by its reason, never dropped silently. It stops early
// (with whatever it found) when ctx is done; the caller checks ctx.
func walk(ctx context.Context, root string, o Options, ds *diags, t *Tree) (files []fileEntry, catFiles map[string]string, allMD map[string]bool) {
	w := &walker{ctx: ctx, o: o, ds: ds, t: t, ignored: ignoreRules(root, o, ds),
		catFiles: map[string]string{}, allMD: map[string]bool{}, dirReason: map[string]string{}}
	w.realRoot = resolvedRoot(root)
	// The walk starts at the resolved root: WalkDir does not follow a root that is itself a symlink
	// (`docs -> website/docs` in a monorepo), and would report such a tree as empty.
	filepath.WalkDir(w.realRoot, w.visit)
	return w.files, w.catFiles, w.allMD
}

// walker is what walk has found so far.
type walker struct {
	ctx       context.Context
	o         Options
	ds        *diags
	t         *Tree
	ignored   func(rel string, dir bool) bool
	realRoot  string
	files     []fileEntry
	catFiles  map[string]string
	allMD     map[string]bool
	dirReason map[string]string // a left-out folder → why; its pages are counted, not read
}

// ignoreRules reads .atenderignore (a file that is not regular or too large is reported, not read) and the
// exclude patterns; the result says whether a path is excluded by either.
func ignoreRules(root string, o Options, ds *diags) func(rel string, dir bool) bool {
	var ign *ignore.GitIgnore
	b, err := safefile.Read(filepath.Join(root, ".atenderignore"), maxSmallFile)
	var nr *safefile.NotRegularError
	var tl *safefile.TooLargeError
	switch {
	case err == nil:
		ign = ignore.CompileIgnoreLines(strings.Split(string(b), "\n")...)
	case errors.As(err, &nr):
		ds.warnf("not-regular", ".atenderignore", 1, 1, "not a regular file (%s); not read", nr.Kind)
	case errors.As(err, &tl):
		ds.errorf("file-too-large", ".atenderignore", 1, 1, "larger than %s; not read (an ignore file holds a few patterns)", safefile.Size(tl.Limit))
	}
	var excl *ignore.GitIgnore
	if len(o.Exclude) > 0 {
		excl = ignore.CompileIgnoreLines(o.Exclude...)
	}
	return func(rel string, dir bool) bool {
		cand := rel
		if dir {
			cand += "/"
		}
		return ign != nil && (ign.MatchesPath(cand) || ign.MatchesPath(rel)) || excl != nil && (excl.MatchesPath(cand) || excl.MatchesPath(rel))
	}
}

// resolvedRoot is the docs folder with its symlinks resolved, absolute.
func resolvedRoot(root string) string {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		realRoot = root
	}
	realRoot, _ = filepath.Abs(realRoot)
	return realRoot
}

// visit takes one entry of the walk: an unreadable entry is reported, hidden entries and node_modules are
// skipped, a folder may be left out, a symlink is followed only to a file inside the docs folder, and what
// remains is a category file or a page.
func (w *walker) visit(p string, d fs.DirEntry, err error) error {
	if w.ctx.Err() != nil {
		return fs.SkipAll
	}
	rel, _ := filepath.Rel(w.realRoot, p)
	rel = filepath.ToSlash(rel)
	if err != nil {
		w.ds.errorf("unreadable", rel, 1, 1, "cannot read: %v (check its permissions)", errors.Unwrap(err))
		if d != nil && d.IsDir() {
			return fs.SkipDir
		}
		return nil
	}
	if rel == "." {
		return nil
	}
	name := d.Name()
	if d.IsDir() {
		if strings.HasPrefix(name, ".") || name == "node_modules" {
			return fs.SkipDir
		}
		w.dirReason[rel] = leftOut(rel, true, w.dirReason, w.ignored, w.o.filter)
		return nil
	}
	if strings.HasPrefix(name, ".") || inLeftOutFolder(rel, w.dirReason, w.allMD, w.t) {
		return nil
	}
	mode := d.Type()
	if mode&fs.ModeSymlink != 0 {
		var ok bool
		if mode, ok = w.followSymlink(p, rel); !ok {
			return nil
		}
	}
	w.file(p, rel, strings.ToLower(name), mode)
	return nil
}

// followSymlink is the type of the file a symlink points to; ok is false (with a warning) for a symlink that
// cannot be followed, points outside the docs folder, or names a folder (read where it is).
func (w *walker) followSymlink(p, rel string) (fs.FileMode, bool) {
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		w.ds.warnf("symlink", rel, 1, 1, "symlink cannot be followed (%v); skipped", errors.Unwrap(err))
		return 0, false
	}
	abs, _ := filepath.Abs(target)
	if abs != w.realRoot && !strings.HasPrefix(abs, w.realRoot+string(filepath.Separator)) {
		w.ds.warnf("symlink", rel, 1, 1, "symlink points outside the docs folder (%s); not followed", target)
		return 0, false
	}
	fi, err := os.Stat(p)
	if err != nil {
		return 0, false
	}
	if fi.IsDir() {
		w.ds.warnf("symlink", rel, 1, 1, "symlinked folder not followed (its target is inside the docs folder and is read there)")
		return 0, false
	}
	return fi.Mode().Type(), true
}

// file keeps a category file (atender's own _category.yml wins over Docusaurus') or a page, unless the page
// is left out (counted); other files are not the walk's. Only regular files are read: opening a FIFO blocks
// until a writer comes, and a device may never end.
func (w *walker) file(p, rel, lower string, mode fs.FileMode) {
	isCat := isCategoryFile(lower)
	if !isCat && !isMarkdownName(lower) {
		return
	}
	if !mode.IsRegular() {
		w.ds.warnf("not-regular", rel, 1, 1, "not a regular file (%s); skipped", safefile.Kind(mode))
		return
	}
	if isCat {
		if prev, ok := w.catFiles[path.Dir(rel)]; !ok || isDocusaurusCategory(path.Base(prev)) {
			w.catFiles[path.Dir(rel)] = p
		}
		return
	}
	w.allMD[rel] = true
	if why := leftOut(rel, false, w.dirReason, w.ignored, w.o.filter); why != "" {
		w.t.leave(why)
		return
	}
	w.files = append(w.files, fileEntry{rel: rel, abs: p})
}

// inLeftOutFolder reports a file in a left-out folder, where nothing is opened (as when such folders were
// not walked): a page there is counted, a category file means nothing.
func inLeftOutFolder(rel string, dirReason map[string]string, allMD map[string]bool, t *Tree) bool {
	why := dirReason[path.Dir(rel)]
	if why == "" {
		return false
	}
	if isMarkdownName(strings.ToLower(path.Base(rel))) {
		allMD[rel] = true
		t.leave(why)
	}
	return true
}

// leftOut says why a page or folder is left out ("" when it is not): its folder is, it is excluded
// (.atenderignore or exclude), or the generator does not publish it.
func leftOut(rel string, dir bool, dirReason map[string]string, ignored func(string, bool) bool, f *preset.Filter) string {
	switch why := dirReason[path.Dir(rel)]; {
	case why != "":
		return why
	case ignored(rel, dir):
		return ReasonExcluded
	}
	return f.Reason(rel, dir)
}

// isCategoryFile reports a folder's category file: atender's _category.yml or Docusaurus' _category_.json
// and _category_.yml (name lowercased).
func isCategoryFile(lower string) bool {
	return lower == "_category.yml" || lower == "_category.yaml" || isDocusaurusCategory(lower)
}

func isDocusaurusCategory(name string) bool {
	l := strings.ToLower(name)
	return l == "_category_.json" || l == "_category_.yml" || l == "_category_.yaml"
}

func parseFile(f fileEntry, o Options) *parsed {
	p := &parsed{rel: f.rel, abs: f.abs}
	ds := &p.diags
	fi, err := os.Stat(f.abs)
	if err != nil {
		ds.errorf("unreadable", f.rel, 1, 1, "cannot read: %v", errors.Unwrap(err))
		return p
	}
	if !fi.Mode().IsRegular() { // replaced since the walk
		ds.warnf("not-regular", f.rel, 1, 1, "not a regular file (%s); skipped", safefile.Kind(fi.Mode().Type()))
		return p
	}
	if fi.Size() > o.MaxFileSize {
		ds.errorf("file-too-large", f.rel, 1, 1, "file is %d bytes, over the limit of %d (max-file-size in .atender.yaml); split the article", fi.Size(), o.MaxFileSize)
		return p
	}
	raw, err := os.ReadFile(f.abs)
	if err != nil {
		ds.errorf("unreadable", f.rel, 1, 1, "cannot read: %v (check its permissions)", errors.Unwrap(err))
		return p
	}
	return parseContent(p, raw, o)
}
