package apply

import (
	"sync"

	"github.com/atender/atender/internal/plan"
	"github.com/atender/atender/internal/slug"
)

// The write phase runs categories, subcategories, tags and articles through one bounded pool of workers
// behind the client's rate limiter. An action waits only for what it needs: a subcategory for its own
// category, an article for its category, subcategory and tags. So a subcategory starts as soon as its
// category exists, and articles whose taxonomy exists start while other taxonomy is still being created.
// Ready taxonomy goes before ready articles, since every article waits on some of it.

// job is one action in the pool.
type job struct {
	a     *plan.Action
	deps  int    // actions it waits for that have not finished
	after []*job // actions waiting for it
}

// scheduler hands ready jobs to workers.
type scheduler struct {
	mu      sync.Mutex
	cond    *sync.Cond
	tax     []*job // ready taxonomy, in plan order
	art     []*job // ready articles, in plan order
	pending int    // jobs not finished
}

// newScheduler builds the dependency graph of the create/update actions of p (removals are not in it).
func newScheduler(actions []*plan.Action) *scheduler {
	s := &scheduler{}
	s.cond = sync.NewCond(&s.mu)
	cats, subs, tags := map[string]*job{}, map[slug.SubKey]*job{}, map[string]*job{}
	var jobs []*job
	for _, a := range actions {
		switch a.Kind {
		case plan.CreateCategory, plan.UpdateCategory, plan.CreateSubcategory, plan.CreateTag, plan.Create, plan.Update:
		default:
			continue // nothing to send (unchanged, conflicts) or sent after the others (removals)
		}
		j := &job{a: a}
		switch a.Kind {
		case plan.CreateCategory:
			cats[a.Slug] = j
		case plan.CreateSubcategory:
			subs[slug.Sub(a.Parent, a.Slug)] = j
		case plan.CreateTag:
			tags[a.Slug] = j
		}
		jobs = append(jobs, j)
	}
	need := func(j, on *job) {
		if on != nil {
			j.deps++
			on.after = append(on.after, j)
		}
	}
	for _, j := range jobs {
		switch a := j.a; a.Kind {
		case plan.CreateSubcategory:
			need(j, cats[a.Parent])
		case plan.Create, plan.Update:
			pg := a.Page
			need(j, cats[pg.Category])
			if pg.Subcategory != "" {
				need(j, subs[slug.Sub(pg.Category, pg.Subcategory)])
			}
			for _, ts := range plan.TagSlugs(pg.Tags) {
				need(j, tags[ts])
			}
		}
	}
	for _, j := range jobs {
		if j.deps == 0 {
			s.push(j)
		}
	}
	s.pending = len(jobs)
	return s
}

func isTaxonomy(a *plan.Action) bool {
	switch a.Kind {
	case plan.CreateCategory, plan.UpdateCategory, plan.CreateSubcategory, plan.CreateTag:
		return true
	}
	return false
}

func (s *scheduler) push(j *job) {
	if isTaxonomy(j.a) {
		s.tax = append(s.tax, j)
	} else {
		s.art = append(s.art, j)
	}
}

// next blocks until a job is ready; nil when every job has finished.
func (s *scheduler) next() *job {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		switch {
		case len(s.tax) > 0:
			j := s.tax[0]
			s.tax = s.tax[1:]
			return j
		case len(s.art) > 0:
			j := s.art[0]
			s.art = s.art[1:]
			return j
		case s.pending == 0:
			return nil
		}
		s.cond.Wait()
	}
}

// done marks j finished (done, failed or skipped alike) and readies what waited only for it. A dependent of
// a failed action still runs: it fails at once naming what is missing (see engine.refs), sending nothing.
func (s *scheduler) done(j *job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range j.after {
		if d.deps--; d.deps == 0 {
			s.push(d)
		}
	}
	s.pending--
	s.cond.Broadcast()
}
