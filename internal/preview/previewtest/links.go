// Package previewtest checks a site written by preview.Render, for the tests of the preview and of kb render.
package previewtest

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var hrefRE = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// Links is what CheckLinks found in a rendered site.
type Links struct {
	Pages    int      // .html files
	Between  int      // links from an article page to an article page, each resolved to a file
	Absolute []string // site-absolute links ("page: destination"), which do not open from disk
}

// CheckLinks follows every relative link and asset of every page under out and fails t on one that names no
// file of the output. Site-absolute links cannot be followed: they are returned for the caller to judge.
func CheckLinks(t testing.TB, out string) Links {
	t.Helper()
	var l Links
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		l.Pages++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		for _, m := range hrefRE.FindAllStringSubmatch(string(b), -1) {
			dest := m[1]
			if dest == "" || strings.HasPrefix(dest, "#") || strings.Contains(dest, "://") || strings.HasPrefix(dest, "mailto:") {
				continue
			}
			if strings.HasPrefix(dest, "/") {
				l.Absolute = append(l.Absolute, rel+": "+dest)
				continue
			}
			target := dest
			if i := strings.IndexAny(target, "#?"); i >= 0 {
				target = target[:i]
			}
			target, err := url.PathUnescape(target)
			if err != nil {
				t.Errorf("%s: link %s: %v", rel, dest, err)
				continue
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(p), filepath.FromSlash(target))); err != nil {
				t.Errorf("%s: link %s names no file of the output", rel, dest)
				continue
			}
			if strings.HasPrefix(rel, "knowledge/") && strings.Contains(dest, "knowledge/") {
				l.Between++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return l
}
