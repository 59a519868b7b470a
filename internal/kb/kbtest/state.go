package kbtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/atender/atender/internal/atomicfile"
	"github.com/atender/atender/internal/kb"
)

// Snapshot is the whole tenant: what --data persists, what Seed loads and what tests inspect.
type Snapshot struct {
	Categories    []kb.Category    `json:"categories"`
	Subcategories []kb.Subcategory `json:"subcategories"`
	Tags          []kb.Tag         `json:"tags"`
	Articles      []kb.Article     `json:"articles"`
	NextID        int64            `json:"nextId"`
	// Keys are the emulator's own keys, persisted so that a restarted emulator accepts the same .env.
	Keys []Key `json:"keys,omitempty"`
}

type state struct {
	cats   []*kb.Category
	subs   []*kb.Subcategory
	tags   []*kb.Tag
	arts   []*kb.Article // creation order
	artIdx map[string]*kb.Article
	nextID int64
}

func newState() *state { return &state{artIdx: map[string]*kb.Article{}} }

func (st *state) id(prefix string) string {
	st.nextID++
	return fmt.Sprintf("%s_%07d", prefix, st.nextID)
}

func cloneArticle(a *kb.Article) kb.Article {
	c := *a
	c.TagIDs = append([]string{}, a.TagIDs...)
	c.Keywords = append([]string{}, a.Keywords...)
	return c
}

// Snapshot returns a deep copy of the tenant.
func (s *Server) Snapshot() Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snapshotLocked()
}

func (s *Server) snapshotLocked() Snapshot {
	st := s.st
	snap := Snapshot{NextID: st.nextID}
	for _, c := range st.cats {
		snap.Categories = append(snap.Categories, *c)
	}
	for _, c := range st.subs {
		snap.Subcategories = append(snap.Subcategories, *c)
	}
	for _, t := range st.tags {
		snap.Tags = append(snap.Tags, *t)
	}
	for _, a := range st.arts {
		snap.Articles = append(snap.Articles, cloneArticle(a))
	}
	for _, k := range s.keys {
		snap.Keys = append(snap.Keys, *k)
	}
	slices.SortFunc(snap.Keys, func(a, b Key) int { return strings.Compare(a.Token, b.Token) })
	return snap
}

// Seed replaces the tenant with snap.
func (s *Server) Seed(snap Snapshot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := newState()
	st.nextID = snap.NextID
	for i := range snap.Categories {
		c := snap.Categories[i]
		st.cats = append(st.cats, &c)
	}
	for i := range snap.Subcategories {
		c := snap.Subcategories[i]
		st.subs = append(st.subs, &c)
	}
	for i := range snap.Tags {
		t := snap.Tags[i]
		st.tags = append(st.tags, &t)
	}
	for i := range snap.Articles {
		a := cloneArticle(&snap.Articles[i])
		st.arts = append(st.arts, &a)
		st.artIdx[a.ID] = &a
	}
	// Never hand out an id that a seeded object already has.
	st.nextID = max(st.nextID, int64(len(st.cats)+len(st.subs)+len(st.tags)+len(st.arts)))
	s.st = st
	for _, k := range snap.Keys {
		kk := k
		s.keys[k.Token] = &kk
	}
}

// Articles returns the articles in creation order, archived included.
func (s *Server) Articles() []kb.Article { return s.Snapshot().Articles }

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

// persistLocked writes the tenant to DataFile atomically (temp file, fsync, rename), so a crash or Ctrl-C
// mid-write never leaves a half-written file. s.mu is held.
func (s *Server) persistLocked() {
	if s.opts.DataFile == "" {
		return
	}
	b, err := json.MarshalIndent(s.snapshotLocked(), "", "  ")
	if err != nil {
		return
	}
	atomicfile.Write(s.opts.DataFile, b, 0o600) // best effort: the emulator keeps serving from memory
}

func (st *state) category(id string) *kb.Category {
	for _, c := range st.cats {
		if c.ID == id {
			return c
		}
	}
	return nil
}

func (st *state) subcategory(id string) *kb.Subcategory {
	for _, c := range st.subs {
		if c.ID == id {
			return c
		}
	}
	return nil
}

func (st *state) tag(id string) *kb.Tag {
	for _, t := range st.tags {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// uniqueArticleSlug is Atender's hazard: an existing slug (archived articles count) gets -1, -2, …
func (st *state) uniqueArticleSlug(base, selfID string) string {
	taken := func(s string) bool {
		for _, a := range st.arts {
			if a.Slug == s && a.ID != selfID {
				return true
			}
		}
		return false
	}
	if !taken(base) {
		return base
	}
	for i := 1; ; i++ {
		if s := fmt.Sprintf("%s-%d", base, i); !taken(s) {
			return s
		}
	}
}

func (st *state) uniqueTagSlug(base string) string {
	taken := func(s string) bool {
		return slices.ContainsFunc(st.tags, func(t *kb.Tag) bool { return t.Slug == s })
	}
	if !taken(base) {
		return base
	}
	for i := 1; ; i++ {
		if s := fmt.Sprintf("%s-%d", base, i); !taken(s) {
			return s
		}
	}
}

func (st *state) deleteArticle(id string) {
	delete(st.artIdx, id)
	st.arts = slices.DeleteFunc(st.arts, func(a *kb.Article) bool { return a.ID == id })
}
