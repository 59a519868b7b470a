package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"time"
)

// Snapshot is the whole tenant: what --data persists, what Seed loads and what tests inspect.
type Snapshot struct {
	Categories    []Category    `json:"categories"`
	Subcategories []Subcategory `json:"subcategories"`
	Tags          []Tag         `json:"tags"`
	Articles      []Article     `json:"articles"`
	NextID        int64         `json:"nextId"`
	// Keys are the emulator's own keys, persisted so that a restarted emulator accepts the same .env.
	Keys []Key `json:"keys,omitempty"`
	// KBs are the other knowledge bases, by kbId (the query parameter); the fields above are the default one.
	KBs map[string]Snapshot `json:"kbs,omitempty"`
}

// table is one collection of a tenant: rows in creation order (listings keep it) and an index by id.
type table[T any] struct {
	rows []*T
	idx  map[string]*T
	id   func(*T) string
}

func newTable[T any](id func(*T) string) *table[T] {
	return &table[T]{idx: map[string]*T{}, id: id}
}

func (t *table[T]) get(id string) *T { return t.idx[id] }

func (t *table[T]) add(v *T) {
	t.rows = append(t.rows, v)
	t.idx[t.id(v)] = v
}

func (t *table[T]) remove(id string) {
	delete(t.idx, id)
	t.rows = slices.DeleteFunc(t.rows, func(v *T) bool { return t.id(v) == id })
}

// removeWhere deletes every row for which drop is true.
func (t *table[T]) removeWhere(drop func(*T) bool) {
	t.rows = slices.DeleteFunc(t.rows, func(v *T) bool {
		if drop(v) {
			delete(t.idx, t.id(v))
			return true
		}
		return false
	})
}

// find returns the first row for which match is true, or nil.
func (t *table[T]) find(match func(*T) bool) *T {
	for _, v := range t.rows {
		if match(v) {
			return v
		}
	}
	return nil
}

// state is one knowledge base.
type state struct {
	cats    *table[Category]
	subs    *table[Subcategory]
	tags    *table[Tag]
	arts    *table[Article]
	nextID  int64
	now     func() time.Time // the server's clock, for timestamps
	hostile *bool            // the server's Shapes.Hostile: ids carry hostileText
	// dups are the articles whose POST got a suffixed slug (faq → faq-1) and that still exist; mostDups is
	// the most there ever were at once. A client's duplicate circuit breaker is judged by them.
	dups     map[string]bool
	mostDups int
}

func (s *Server) newState() *state {
	return &state{
		now:     s.opts.Now,
		dups:    map[string]bool{},
		hostile: &s.opts.Shapes.Hostile,
		cats:    newTable(func(c *Category) string { return c.ID }),
		subs:    newTable(func(c *Subcategory) string { return c.ID }),
		tags:    newTable(func(t *Tag) string { return t.ID }),
		arts:    newTable(func(a *Article) string { return a.ID }),
	}
}

func (st *state) id(prefix string) string {
	st.nextID++
	id := fmt.Sprintf("%s_%07d", prefix, st.nextID)
	if *st.hostile {
		id += hostileText
	}
	return id
}

func cloneArticle(a *Article) Article {
	c := *a
	c.TagIDs = append([]string{}, a.TagIDs...)
	c.Keywords = append([]string{}, a.Keywords...)
	return c
}

func copyOf[T any](v *T) T { return *v }

// Snapshot returns a deep copy of the tenant.
func (s *Server) Snapshot() Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snapshotLocked()
}

func (s *Server) snapshotLocked() Snapshot {
	snap := s.st.snapshot()
	if len(s.keys) > 0 {
		snap.Keys = s.keysLocked()
	}
	for id, st := range s.kbs {
		if snap.KBs == nil {
			snap.KBs = map[string]Snapshot{}
		}
		snap.KBs[id] = st.snapshot()
	}
	return snap
}

func (st *state) snapshot() Snapshot {
	snap := Snapshot{NextID: st.nextID}
	for _, c := range st.cats.rows {
		snap.Categories = append(snap.Categories, *c)
	}
	for _, c := range st.subs.rows {
		snap.Subcategories = append(snap.Subcategories, *c)
	}
	for _, t := range st.tags.rows {
		snap.Tags = append(snap.Tags, *t)
	}
	for _, a := range st.arts.rows {
		snap.Articles = append(snap.Articles, cloneArticle(a))
	}
	return snap
}

// Seed replaces the tenant with snap: the default knowledge base, the other ones (snap.KBs), and adds the keys.
func (s *Server) Seed(snap Snapshot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = s.seeded(snap)
	s.kbs = map[string]*state{}
	for id, kb := range snap.KBs {
		s.kbs[id] = s.seeded(kb)
	}
	for _, k := range snap.Keys {
		kk := k
		s.keys[k.Token] = &kk
	}
	s.persistLocked()
}

// SeedKB replaces the knowledge base named kbID ("" is the default one) with snap; its Keys and KBs are ignored.
func (s *Server) SeedKB(kbID string, snap Snapshot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if kbID == "" {
		s.st = s.seeded(snap)
	} else {
		s.kbs[kbID] = s.seeded(snap)
	}
	s.persistLocked()
}

// SnapshotKB returns a deep copy of the knowledge base named kbID ("" is the default one).
func (s *Server) SnapshotKB(kbID string) Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.store(kbID).snapshot()
}

// Duplicates reports, for the knowledge base named kbID ("" is the default one), how many articles created
// with a suffixed slug (a POST of "faq" that became "faq-1") exist now, and the most that existed at once.
func (s *Server) Duplicates(kbID string) (now, most int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.store(kbID)
	return len(st.dups), st.mostDups
}

// store returns the knowledge base named kbID, created empty on first use; s.mu is held.
func (s *Server) store(kbID string) *state {
	if kbID == "" {
		return s.st
	}
	st := s.kbs[kbID]
	if st == nil {
		st = s.newState()
		s.kbs[kbID] = st
	}
	return st
}

func (s *Server) seeded(snap Snapshot) *state {
	st := s.newState()
	st.nextID = snap.NextID
	for i := range snap.Categories {
		c := snap.Categories[i]
		st.cats.add(&c)
	}
	for i := range snap.Subcategories {
		c := snap.Subcategories[i]
		st.subs.add(&c)
	}
	for i := range snap.Tags {
		t := snap.Tags[i]
		st.tags.add(&t)
	}
	for i := range snap.Articles {
		a := cloneArticle(&snap.Articles[i])
		st.arts.add(&a)
	}
	// Never hand out an id that a seeded object already has.
	st.nextID = max(st.nextID, int64(len(st.cats.rows)+len(st.subs.rows)+len(st.tags.rows)+len(st.arts.rows)))
	return st
}

// Articles returns the articles in creation order, archived included.
func (s *Server) Articles() []Article { return s.Snapshot().Articles }

func (s *Server) load(path string) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading emulator data: %w", err)
	}
	var snap Snapshot
	if err := json.Unmarshal(b, &snap); err != nil {
		return fmt.Errorf("reading emulator data %s: %w (move it away to start empty)", path, err)
	}
	s.Seed(snap)
	return nil
}

// uniqueSlug is Atender's hazard: an existing slug gets -1, -2, … taken reports whether a slug is in use.
func uniqueSlug(base string, taken func(string) bool) string {
	if !taken(base) {
		return base
	}
	for i := 1; ; i++ {
		if s := fmt.Sprintf("%s-%d", base, i); !taken(s) {
			return s
		}
	}
}

// uniqueArticleSlug: archived articles count; selfID is the article being renamed, if any.
func (st *state) uniqueArticleSlug(base, selfID string) string {
	return uniqueSlug(base, func(s string) bool {
		return st.arts.find(func(a *Article) bool { return a.Slug == s && a.ID != selfID }) != nil
	})
}

func (st *state) uniqueTagSlug(base string) string {
	return uniqueSlug(base, func(s string) bool {
		return st.tags.find(func(t *Tag) bool { return t.Slug == s }) != nil
	})
}
