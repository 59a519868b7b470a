package preview

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"

	"github.com/atender/atender/internal/redact"
	"golang.org/x/sync/errgroup"
)

// Written counts what Render wrote.
type Written struct {
	Articles int // article pages at knowledge/<slug>/
	Files    int // every file, assets and error pages included
	// Masked are the pages written with a secret (Options.Secrets) masked, in the order of the site.
	Masked []MaskedPage
}

// MaskedPage is a page Render wrote with a secret masked: File under the output folder, and the article it
// shows (nil for the home page, the problems page or the page of a file that gives no article).
type MaskedPage struct {
	File    string
	Article *Article
}

// Render writes the site as static files under out: index.html, knowledge/<slug>/index.html per article,
// problems/index.html, file/<escaped path>.html per file that gives no article (or whose slug an earlier
// file has: one page is never written over another), and the stylesheet and
// script under _preview/. Every link is relative, so that the folder opens from disk or any host path.
func Render(s *Site, out string) (Written, error) {
	top, articleDepth, fileDepth := view{static: true}, view{static: true, up: "../../"}, view{static: true, up: "../"}
	chromes := map[view]*chrome{}
	for _, v := range []view{top, articleDepth, fileDepth} {
		c, err := s.data(v, "").makeChrome()
		if err != nil {
			return Written{}, fmt.Errorf("rendering the pages' header and footer: %w", err)
		}
		chromes[v] = c
	}
	data := func(v view, title string) *pageData {
		d := s.data(v, title)
		d.chrome = chromes[v]
		return d
	}
	var jobs []page
	jobs = append(jobs, page{rel: "index.html", render: func(b *bytes.Buffer) error { return s.writeHome(b, data(top, "Home")) }})
	for _, a := range s.Articles {
		if a.SlugOf != nil {
			continue // written below as its file's page, not over the first page with its slug
		}
		jobs = append(jobs, page{rel: "knowledge/" + a.Page.Slug + "/index.html", dir: true, article: a, render: func(b *bytes.Buffer) error {
			return s.writeArticle(b, data(articleDepth, a.Page.Title), a)
		}})
	}
	for _, a := range s.SlugTaken {
		jobs = append(jobs, page{rel: "file/" + fileName(a.Page.Path), shows: a, render: func(b *bytes.Buffer) error {
			return s.writeArticle(b, data(fileDepth, a.Page.Title), a)
		}})
	}
	jobs = append(jobs, page{rel: "problems/index.html", render: func(b *bytes.Buffer) error { return s.writeProblems(b, data(fileDepth, "Problems")) }})
	for _, fp := range s.Problems {
		if fp.Article != nil {
			continue
		}
		jobs = append(jobs, page{rel: "file/" + fileName(fp.Path), render: func(b *bytes.Buffer) error {
			return s.writeFile(b, data(fileDepth, fp.Path), fp)
		}})
	}
	for name := range assetTypes {
		jobs = append(jobs, page{rel: "_preview/" + name, render: func(b *bytes.Buffer) error {
			c, err := fs.ReadFile(webFS, "web/"+name)
			b.Write(c)
			return err
		}})
	}
	// The folders every page goes in are made once; an article's own folder is made with its page.
	for _, d := range []string{"knowledge", "file", "problems", "_preview"} {
		if err := os.MkdirAll(filepath.Join(out, d), 0o755); err != nil {
			return Written{}, err
		}
	}
	// Pages are rendered and written in parallel by twice as many workers as processors (one waiting for
	// the file system leaves its processor to another), each taking the next page until none is left. A
	// goroutine per page, a few at a time, woke the loop that started them after every page, and that
	// hand-over cost 7 % of the render's CPU time.
	var g errgroup.Group
	masked := make([]bool, len(jobs))
	var next atomic.Int64
	for range 2 * runtime.GOMAXPROCS(0) {
		g.Go(func() error {
			for i := int(next.Add(1)) - 1; i < len(jobs); i = int(next.Add(1)) - 1 {
				var err error
				if masked[i], err = jobs[i].write(out, s.opts.Secrets); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return Written{}, err
	}
	n := Written{Files: len(jobs)}
	for i, j := range jobs {
		if j.article != nil {
			n.Articles++
		}
		if masked[i] {
			n.Masked = append(n.Masked, MaskedPage{File: j.rel, Article: cmp.Or(j.article, j.shows)})
		}
	}
	return n, nil
}

// page is one file of the static site.
type page struct {
	rel     string   // path under the output folder
	dir     bool     // its folder is its own, made with it
	article *Article // the article page of this article, at knowledge/<slug>/
	shows   *Article // the article a file/ page shows (its slug taken by an earlier file)
	render  func(*bytes.Buffer) error
}

// write renders the page and writes it with secrets masked; masked says whether it held one.
func (j page) write(out string, secrets *redact.Redactor) (masked bool, err error) {
	b := buffers.Get().(*bytes.Buffer)
	defer putBuffer(b)
	if err := j.render(b); err != nil {
		return false, fmt.Errorf("rendering %s: %w", j.rel, err)
	}
	content := b.Bytes()
	if secrets.HasSecrets() {
		if page := b.String(); secrets.Contains(page) {
			content, masked = []byte(secrets.RedactSecrets(page)), true
		}
	}
	p := filepath.Join(out, filepath.FromSlash(j.rel))
	if j.dir {
		if err := os.Mkdir(filepath.Dir(p), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return false, err
		}
	}
	return masked, os.WriteFile(p, content, 0o644)
}
