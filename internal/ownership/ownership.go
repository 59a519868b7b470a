// Package ownership decides which articles of a knowledge base this repository published, so that prune
// removes only those and a sync never takes over an article written elsewhere. An article is ours when its
// slug is, or was at some commit, the slug of a file under the docs folder (read from the same single
// `git log` conflict detection uses, renames followed, deleted files included), or when this machine's
// record of what it sent names it. Outside Git or in a shallow clone nothing can be told: every slug is
// then unknown, and kb sync refuses --prune unless told to use the categories rule.
package ownership

import (
	"path"
	"strings"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/history"
	"github.com/atender/atender/internal/plan"
)

// Ledger is what was learned about the slugs asked of Decide.
type Ledger struct {
	// Off says, in words for the user, why history could not be read ("" when it was, or was not needed).
	Off   string
	known map[string]plan.Ownership
	read  bool // the history was read (a slug not found in it is not ours)
}

// Of says whether this repository published the article of slug. A slug Decide was not asked about is
// unknown, unless history was read.
func (l *Ledger) Of(slug string) plan.Ownership {
	if st, ok := l.known[slug]; ok {
		return st
	}
	if l.read {
		return plan.NotOurs
	}
	return plan.OwnerUnknown
}

// Options are the inputs besides the tree.
type Options struct {
	// History is the docs folder's history, shared with conflict detection.
	History *history.Shared
	// Sent are the slugs this machine's record says it sent to this KB.
	Sent map[string]bool
}

// Decide answers for slugs: the remote articles a sync would remove or overwrite. Only as much history is
// read as needed: the versions of files, newest first, until every slug asked is found; a tree whose sync
// removes and overwrites nothing reads no history at all.
func Decide(tree *docs.Tree, slugs []string, o Options) (*Ledger, error) {
	l := &Ledger{known: map[string]plan.Ownership{}}
	want := map[string]bool{}
	for _, s := range slugs {
		if o.Sent[s] {
			l.known[s] = plan.Ours
		} else {
			want[s] = true
		}
	}
	if len(want) == 0 {
		return l, nil
	}
	sh := o.History
	if sh == nil {
		sh = history.NewShared(tree.Root)
		defer sh.Close()
	}
	repo, ix, off, err := sh.Get()
	if repo == nil {
		l.Off = off
		for s := range want {
			l.known[s] = plan.OwnerUnknown
		}
		return l, nil
	}
	if err != nil {
		return nil, err
	}
	prefix, err := repo.Rel(tree.Root)
	if err != nil {
		return nil, err
	}
	l.read = true
	for _, v := range ix.Every() {
		if len(want) == 0 {
			break
		}
		rel, ok := underDocs(prefix, v.Path)
		if !ok {
			continue
		}
		content, err := ix.Content(v)
		if err != nil {
			continue
		}
		if s := tree.SlugOf(rel, content); want[s] {
			l.known[s] = plan.Ours
			delete(want, s)
		}
	}
	for s := range want {
		l.known[s] = plan.NotOurs
	}
	return l, nil
}

// underDocs turns a repository-relative path into one relative to the docs folder prefix.
func underDocs(prefix, p string) (string, bool) {
	if prefix == "." {
		return p, true
	}
	rel, ok := strings.CutPrefix(p, prefix+"/")
	return path.Clean(rel), ok
}
