package conflict

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/atender/atender/internal/atomicfile"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/history"
)

// The record of what this machine last sent. An article synced from an uncommitted edit holds a version no
// commit has; when the file is edited again (or checked out) before a commit, only this record explains the
// remote. It lives in the repository's Git directory (.git/atender/), so it is never committed and never
// shared: on another machine (CI) history alone decides. Values are kept as hashes, one per field.

type record struct {
	path string
	Sent map[string]map[string]string `json:"sent"` // slug → field → hash of the canonical value
}

// recordPath is where the record of kbKey (the KB's base URL) lives for the repository holding dir.
func recordPath(dir, kbKey string) (string, error) {
	gitDir, err := history.GitDir(dir)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(kbKey))
	return filepath.Join(gitDir, "atender", "sent-"+hex.EncodeToString(sum[:6])+".json"), nil
}

// loadRecord reads the record; an absent or unreadable one is empty (it only ever removes false alarms).
func loadRecord(dir, kbKey string) *record {
	r := &record{Sent: map[string]map[string]string{}}
	p, err := recordPath(dir, kbKey)
	if err != nil {
		return r
	}
	r.path = p
	if b, err := os.ReadFile(p); err == nil {
		if json.Unmarshal(b, r) != nil || r.Sent == nil {
			r.Sent = map[string]map[string]string{}
		}
	}
	return r
}

func hashOf(v string) string {
	sum := sha256.Sum256([]byte(v))
	return hex.EncodeToString(sum[:12])
}

// hashIs reports whether h is hashOf(v), without making the text of the hash.
func hashIs(h, v string) bool {
	sum := sha256.Sum256([]byte(v))
	var text [24]byte
	hex.Encode(text[:], sum[:12])
	return h == string(text[:])
}

// recorded reports whether was, a slug's entry in the record, holds exactly the hashes of vals and a shape
// of the content: then Remember has nothing to note for it (the shape is kept, see Remember).
func recorded(was map[string]string, vals values) bool {
	if _, ok := was[contentShape]; !ok || len(was) != len(vals)+1 {
		return false
	}
	for f, v := range vals {
		if !hashIs(was[f], v) {
			return false
		}
	}
	return true
}

// explains reports whether the record says this machine sent v for the field of slug.
func (r *record) explains(slug, field, v string) bool {
	h, ok := r.Sent[slug][field]
	return ok && h == hashOf(v)
}

// Remember notes what kb sync just sent (or found equal) for pages, in the record of the repository holding
// dir for the KB kbKey. Outside a Git repository it does nothing.
func Remember(dir, kbKey string, pages []*docs.Page) error {
	if len(pages) == 0 {
		return nil
	}
	r := loadRecord(dir, kbKey)
	if r.path == "" {
		return nil
	}
	changed := false
	for _, pg := range pages {
		was, vals := r.Sent[pg.Slug], pageValues(pg)
		if recorded(was, vals) {
			continue // what a no-op sync finds for every article: compared without building its entry again
		}
		m := make(map[string]string, len(was))
		for f, v := range vals {
			m[f] = hashOf(v)
			if f != fieldContent {
				continue
			}
			// The shape of the content recorded is the shape of this content when the content is the same:
			// a shape is named by the rule that made it (contentShape), so it is only ever recomputed for
			// a content it was not made from. A no-op sync of 10,000 articles parsed every one again here.
			if shape, ok := was[contentShape]; ok && was[fieldContent] == m[f] {
				m[contentShape] = shape
			} else {
				m[contentShape] = hashOf(withoutDestinations(v))
			}
		}
		if !sameHashes(was, m) {
			r.Sent[pg.Slug], changed = m, true
		}
	}
	if !changed {
		return nil // a no-op sync rewrites nothing
	}
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(r.path), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return atomicfile.Write(r.path, b, 0o644)
}

func sameHashes(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// Sent lists the slugs this machine's record says it sent to the KB kbKey, from the repository holding dir
// (none outside Git): ownership counts them as published from this repository.
func Sent(dir, kbKey string) map[string]bool {
	r := loadRecord(dir, kbKey)
	out := make(map[string]bool, len(r.Sent))
	for s := range r.Sent {
		out[s] = true
	}
	return out
}
