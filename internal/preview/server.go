package preview

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/slug"
)

// Loader loads the tree as sync would (the same settings and pipeline).
type Loader func(ctx context.Context) (*docs.Tree, error)

// Server serves the preview of one tree and keeps it current: Reload loads the tree again and tells open
// pages (server-sent events) to refresh.
type Server struct {
	load Loader
	opts func(*docs.Tree) Options

	mu      sync.RWMutex
	site    *Site
	failure string // the tree could not be loaded at all
	version int
	subs    map[chan int]struct{}
}

// NewServer makes a server; opts gives the site options for a loaded tree (the remote view compares each
// version of the tree). Reload must be called once before serving.
func NewServer(load Loader, opts func(*docs.Tree) Options) *Server {
	if opts == nil {
		opts = func(*docs.Tree) Options { return Options{} }
	}
	return &Server{load: load, opts: opts, subs: map[chan int]struct{}{}}
}

// Reload loads the tree and, when that worked or failed, tells every open page. A cancelled ctx leaves the
// last version in place.
func (s *Server) Reload(ctx context.Context) {
	t, err := s.load(ctx)
	if ctx.Err() != nil {
		return
	}
	var site *Site
	failure := ""
	if err != nil {
		failure = err.Error()
	} else {
		site = Build(t, s.opts(t))
	}
	s.mu.Lock()
	s.site, s.failure = site, failure
	s.version++
	v := s.version
	for ch := range s.subs {
		select {
		case ch <- v:
		default: // the page has an update waiting already
		}
	}
	s.mu.Unlock()
}

// Site is the site as last loaded (nil when the tree could not be loaded).
func (s *Server) Site() *Site {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.site
}

func (s *Server) state() (*Site, string, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.site, s.failure, s.version
}

// ServeHTTP serves the pages: / (home), /knowledge/<slug>, /problems, /file/<path>, and /_preview/ (the
// stylesheet, the script, the event stream).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", CSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "the preview is read-only", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	switch {
	case p == "/_preview/events":
		s.events(w, r)
		return
	case strings.HasPrefix(p, "/_preview/"):
		serveAsset(w, r, strings.TrimPrefix(p, "/_preview/"))
		return
	}
	site, failure, version := s.state()
	d := &pageData{V: served, Live: true, CSP: CSP, Version: strconv.Itoa(version), Site: site}
	if site == nil {
		d.Title = "The docs tree cannot be read"
		d.Failure = failure
		s.write(w, http.StatusServiceUnavailable, func(b *bytes.Buffer) error { return pages.ExecuteTemplate(b, "failure", d) })
		return
	}
	switch {
	case p == "/" || p == "/index.html":
		d.Title = "Home"
		s.write(w, http.StatusOK, func(b *bytes.Buffer) error { return site.writeHome(b, d) })
	case strings.HasPrefix(p, facts.PublicPathPrefix):
		sl, rest, _ := slug.FromLink(p, slug.LinkRules{Lenient: true}) // a request path: no fragment, no query
		if a := site.BySlug[sl]; a != nil && rest == "" {
			s.write(w, http.StatusOK, func(b *bytes.Buffer) error { return site.writeArticle(b, d, a) })
			return
		}
		s.notFound(w, d, p)
	case trimSlash(p) == "/problems":
		s.write(w, http.StatusOK, func(b *bytes.Buffer) error { return site.writeProblems(b, d) })
	case strings.HasPrefix(p, "/file/"):
		// The path is one escaped segment: the raw path keeps %2F apart from a real slash.
		raw := strings.TrimPrefix(r.URL.EscapedPath(), "/file/")
		name, err := url.PathUnescape(raw)
		if fp := site.file(name); err == nil && fp != nil {
			if fp.Article != nil { // an article whose slug another file has
				s.write(w, http.StatusOK, func(b *bytes.Buffer) error { return site.writeArticle(b, d, fp.Article) })
				return
			}
			s.write(w, http.StatusOK, func(b *bytes.Buffer) error { return site.writeFile(b, d, fp) })
			return
		}
		s.notFound(w, d, p)
	default:
		s.notFound(w, d, p)
	}
}

func (s *Server) notFound(w http.ResponseWriter, d *pageData, p string) {
	d.Title, d.Missing = "Not found", p
	s.write(w, http.StatusNotFound, func(b *bytes.Buffer) error { return pages.ExecuteTemplate(b, "notfound", d) })
}

// write renders into memory first, so that a template failure is a clean 500 rather than half a page.
func (s *Server) write(w http.ResponseWriter, code int, render func(*bytes.Buffer) error) {
	var b bytes.Buffer
	if err := render(&b); err != nil {
		http.Error(w, "rendering the page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_, _ = w.Write(b.Bytes())
}

// events is the server-sent event stream of tree versions: the current one at once, then each new one.
// A page reloads when the version differs from its own.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := make(chan int, 1)
	s.mu.Lock()
	s.subs[ch] = struct{}{}
	v := s.version
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, ch)
		s.mu.Unlock()
	}()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	fmt.Fprintf(w, "retry: 500\ndata: %d\n\n", v)
	fl.Flush()
	keepAlive := time.NewTicker(15 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case v := <-ch:
			fmt.Fprintf(w, "data: %d\n\n", v)
		case <-keepAlive.C:
			fmt.Fprint(w, ": keep-alive\n\n")
		}
		fl.Flush()
	}
}

var assetTypes = map[string]string{"style.css": "text/css; charset=utf-8", "preview.js": "text/javascript; charset=utf-8"}

func serveAsset(w http.ResponseWriter, r *http.Request, name string) {
	ct, ok := assetTypes[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	b, err := fs.ReadFile(webFS, "web/"+name)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", ct)
	_, _ = w.Write(b)
}
