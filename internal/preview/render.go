package preview

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Written counts what Render wrote.
type Written struct {
	Articles int // article pages at knowledge/<slug>/
	Files    int // every file, assets and error pages included
}

// Render writes the site as static files under out: index.html, knowledge/<slug>/index.html per article,
// problems/index.html, file/<escaped path>.html per file that gives no article (or whose slug an earlier
// file has: one page is never written over another), and the stylesheet and
// script under _preview/. Every link is relative, so that the folder opens from disk or any host path.
func Render(s *Site, out string) (Written, error) {
	var n Written
	var b bytes.Buffer
	write := func(rel string, render func(*bytes.Buffer) error) error {
		b.Reset()
		if err := render(&b); err != nil {
			return fmt.Errorf("rendering %s: %w", rel, err)
		}
		p := filepath.Join(out, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			return err
		}
		n.Files++
		return nil
	}
	top, articleDepth, fileDepth := view{static: true}, view{static: true, up: "../../"}, view{static: true, up: "../"}
	if err := write("index.html", func(b *bytes.Buffer) error {
		d := s.data(top, "Home")
		return s.writeHome(b, d)
	}); err != nil {
		return n, err
	}
	for _, a := range s.Articles {
		if a.SlugOf != nil {
			continue // written below as its file's page, not over the first page with its slug
		}
		if err := write("knowledge/"+a.Page.Slug+"/index.html", func(b *bytes.Buffer) error {
			return s.writeArticle(b, s.data(articleDepth, a.Page.Title), a)
		}); err != nil {
			return n, err
		}
		n.Articles++
	}
	for _, a := range s.SlugTaken {
		if err := write("file/"+fileName(a.Page.Path), func(b *bytes.Buffer) error {
			return s.writeArticle(b, s.data(fileDepth, a.Page.Title), a)
		}); err != nil {
			return n, err
		}
	}
	if err := write("problems/index.html", func(b *bytes.Buffer) error {
		return s.writeProblems(b, s.data(fileDepth, "Problems"))
	}); err != nil {
		return n, err
	}
	for _, fp := range s.Problems {
		if fp.Article != nil {
			continue
		}
		if err := write("file/"+fileName(fp.Path), func(b *bytes.Buffer) error {
			return s.writeFile(b, s.data(fileDepth, fp.Path), fp)
		}); err != nil {
			return n, err
		}
	}
	for name := range assetTypes {
		if err := write("_preview/"+name, func(b *bytes.Buffer) error {
			c, err := fs.ReadFile(webFS, "web/"+name)
			b.Write(c)
			return err
		}); err != nil {
			return n, err
		}
	}
	return n, nil
}
