package preview

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// settle is how long the watcher waits after a change before reloading, so that an editor's save (often a
// write, a rename and a chmod) and a checkout of many files are one reload.
const settle = 150 * time.Millisecond

// Watch reloads s whenever a file under root changes (new folders are watched as they appear), or one of
// files (the config file, which usually sits outside the docs folder), until ctx is done. The first error
// setting up the watch is returned; later ones go to warn.
func (s *Server) Watch(ctx context.Context, root string, files []string, warn func(error)) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching %s for changes: %w", root, err)
	}
	if err := addTree(w, root); err != nil {
		w.Close()
		return fmt.Errorf("watching %s for changes: %w", root, err)
	}
	relevant, err := watchFiles(w, root, files)
	if err != nil {
		w.Close()
		return err
	}
	go func() {
		defer w.Close()
		var timer <-chan time.Time
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if !relevant(ev.Name) {
					continue
				}
				if ev.Has(fsnotify.Create) {
					if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
						if err := addTree(w, ev.Name); err != nil {
							warn(err)
						}
					}
				}
				timer = time.After(settle)
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				warn(err)
			case <-timer:
				timer = nil
				s.Reload(ctx)
			}
		}
	}()
	return nil
}

// watchFiles watches the folder of each of files (editors save by renaming a new file over the old one,
// which a watch on the file itself would lose) and returns which changed paths matter: those under root and
// the files themselves, not their neighbours.
func watchFiles(w *fsnotify.Watcher, root string, files []string) (func(string) bool, error) {
	want := map[string]bool{}
	for _, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			return nil, fmt.Errorf("watching %s for changes: %w", f, err)
		}
		want[abs] = true
		if err := w.Add(filepath.Dir(abs)); err != nil {
			return nil, fmt.Errorf("watching %s for changes: %w", f, err)
		}
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("watching %s for changes: %w", root, err)
	}
	return func(name string) bool {
		abs, err := filepath.Abs(name)
		if err != nil {
			return true
		}
		if want[abs] {
			return true
		}
		rel, err := filepath.Rel(absRoot, abs)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}, nil
}

// addTree watches dir and every folder below it, except hidden ones (.git) and node_modules.
func addTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // an unreadable folder shows as a diagnostic of the tree
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		return w.Add(p)
	})
}

// Listen binds addr. An address in use is an error that names it and says what to do.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err == nil {
		return ln, nil
	}
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("address %s is already in use (another preview or server is running there): stop it, or pass another port with --addr, e.g. --addr 127.0.0.1:0 for any free one", addr)
	}
	return nil, fmt.Errorf("cannot listen on %s: %w", addr, err)
}

// Loopback reports whether addr (host:port) binds only this machine.
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Serve serves s on ln until ctx is done, then stops: open event streams end at once.
func Serve(ctx context.Context, ln net.Listener, s *Server) error {
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, BaseContext: func(net.Listener) context.Context { return ctx }}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = hs.Shutdown(shut)
	return nil
}
