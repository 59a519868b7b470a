package apply

import (
	"net/http"

	"github.com/atender/atender/internal/kb"
)

// KeyRefusal reports whether err is a write refused for the key's sake: 401 (not valid here, revoked) or 403
// (the knowledge:write scope is missing). Every further write would be refused the same way.
func KeyRefusal(err error) bool {
	st := kb.StatusOf(err)
	return st == http.StatusUnauthorized || st == http.StatusForbidden
}

// keyRefused notes the first refused write (e.mu held) and says whether err is one: the run then starts no
// further write, and the writes in flight (at most Concurrency) finish.
func (e *engine) keyRefused(err error) bool {
	if !KeyRefusal(err) {
		return false
	}
	if e.rep.KeyRefused == nil {
		e.rep.KeyRefused = err
	}
	return true
}
