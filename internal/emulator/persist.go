package emulator

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/atender/atender/internal/atomicfile"
)

// persister keeps Options.DataFile up to date without rewriting it after every write: a write marks the
// tenant dirty and wakes a goroutine that waits PersistDelay (gathering the writes that follow), then takes a
// snapshot under the lock and writes it outside the lock, atomically (temp file, fsync, rename). Close, which
// `atender emulator` calls on SIGINT and SIGTERM, writes what is left. A sync of 1,000 articles thus writes
// the file a handful of times instead of 1,000 times; a SIGKILL loses at most the last PersistDelay of writes,
// and never leaves a half-written file.
type persister struct {
	s     *Server
	path  string
	delay time.Duration

	kick    chan struct{} // buffered: "something changed"
	stop    chan struct{}
	stopped chan struct{}
	once    sync.Once

	fileMu sync.Mutex // orders file writes, so an older snapshot never replaces a newer one
	err    error      // the last write's error, guarded by fileMu
	saves  int        // files written, guarded by fileMu (tests)
}

func newPersister(s *Server, path string, delay time.Duration) *persister {
	if delay <= 0 {
		delay = 500 * time.Millisecond
	}
	p := &persister{s: s, path: path, delay: delay, kick: make(chan struct{}, 1), stop: make(chan struct{}), stopped: make(chan struct{})}
	go p.loop()
	return p
}

func (p *persister) loop() {
	defer close(p.stopped)
	for {
		select {
		case <-p.kick:
		case <-p.stop:
			p.flush()
			return
		}
		t := time.NewTimer(p.delay)
		select {
		case <-t.C:
		case <-p.stop:
			t.Stop()
			p.flush()
			return
		}
		p.flush()
	}
}

// flush writes the tenant if it changed since the last write.
func (p *persister) flush() error {
	p.fileMu.Lock()
	defer p.fileMu.Unlock()
	p.s.mu.Lock()
	if !p.s.dirty {
		p.s.mu.Unlock()
		return p.err
	}
	snap := p.s.snapshotLocked()
	p.s.dirty = false
	p.s.mu.Unlock()
	b, err := json.MarshalIndent(snap, "", "  ")
	if err == nil {
		err = atomicfile.Write(p.path, b, 0o600)
	}
	if err != nil {
		p.s.mu.Lock()
		p.s.dirty = true // try again at the next write or at Close
		p.s.mu.Unlock()
	}
	p.err = err
	p.saves++
	return err
}

// persistLocked notes that the tenant changed; s.mu is held. The emulator keeps serving from memory even if
// the file cannot be written (Close reports that).
func (s *Server) persistLocked() {
	if s.persist == nil {
		return
	}
	s.dirty = true
	select {
	case s.persist.kick <- struct{}{}:
	default:
	}
}

// Flush writes Options.DataFile now if the tenant changed since it was last written.
func (s *Server) Flush() error {
	if s.persist == nil {
		return nil
	}
	return s.persist.flush()
}

// Close writes what is left to Options.DataFile and stops the background writer. The emulator still answers
// afterwards, but its changes are no longer persisted. Close returns the last write's error.
func (s *Server) Close() error {
	if s.persist == nil {
		return nil
	}
	p := s.persist
	p.once.Do(func() { close(p.stop) })
	<-p.stopped
	p.fileMu.Lock()
	defer p.fileMu.Unlock()
	return p.err
}
