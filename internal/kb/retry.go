package kb

import (
	"fmt"
	"net/http"
	"time"
)

// failure says how one attempt ended, as far as retrying is concerned.
type failure int

const (
	// failNone: a reply with a status came back and its body was read.
	failNone failure = iota
	// failNetwork: no reply (connection reset, timeout, TLS error…): the request may or may not have
	// reached the server.
	failNetwork
	// failNoHost: the host name does not resolve. It will not resolve in a second either.
	failNoHost
	// failRefused: nothing listens. It rarely comes back within a backoff.
	failRefused
	// failBody: a status came back but the body was cut off.
	failBody
	// failFinal: retrying cannot help and the request was not applied twice by trying again (a reply too
	// large to read, a request that could not even be built).
	failFinal
)

// retryPolicy bounds retries; NewClient fills it from Options.
type retryPolicy struct {
	MaxRetries    int           // 5xx and network retries of an idempotent call
	Max429        int           // 429s one call waits out
	MaxRetryAfter time.Duration // cap of one Retry-After wait
	BackoffBase   time.Duration // first backoff, doubled each retry, capped at maxBackoff
}

const maxBackoff = 10 * time.Second

// attempt is what decide needs to know about one try of a call.
type attempt struct {
	Idempotent bool
	Failure    failure
	Status     int           // the reply's status when Failure is failNone or failBody
	RetryAfter time.Duration // from a 429's Retry-After; 0 when absent
	Retries    int           // 5xx/network retries made so far for this call
	Waits429   int           // 429s waited out so far for this call
	Jitter     float64       // in [0, 1): spreads the retries of concurrent workers
}

// verdict is what the client does after an attempt.
type verdict int

const (
	vDone    verdict = iota // a 2xx: decode the reply
	vRetry                  // wait, then try again
	vFail                   // return the error as it is
	vUnknown                // return the error as an OutcomeUnknownError: the write may have been applied
)

// decision is the outcome of decide.
type decision struct {
	Verdict verdict
	// Wait is how long to wait before the next attempt (vRetry only).
	Wait time.Duration
	// Pause says the wait holds every caller, not just this one: a 429 is about the key, not the call.
	Pause bool
	// Why is a one-line reason for the --debug trace.
	Why string
}

// decide is the whole retry policy, as a pure function of the attempt.
//
//   - 2xx: done.
//   - 429: the request was not processed, so every method may wait it out, POST included, for Retry-After
//     (1 s when absent, capped by MaxRetryAfter), at most Max429 times; the wait holds every worker.
//   - 5xx, a lost connection or a cut-off body: retried with exponential backoff and jitter, but only on
//     idempotent calls. A create is never replayed: its reply may be lost after it was applied, and Atender
//     would make a -1 duplicate; the caller gets "outcome unknown" and looks the resource up instead.
//   - A host that does not resolve is not retried; a refused connection is retried once, on any method,
//     because nothing reached the server.
//   - Anything else (4xx, a reply that cannot be read at any size) fails at once.
func decide(p retryPolicy, a attempt) decision {
	switch a.Failure {
	case failNone:
		switch {
		case a.Status >= 200 && a.Status < 300:
			return decision{Verdict: vDone}
		case a.Status == http.StatusTooManyRequests:
			if a.Waits429 >= p.Max429 {
				return decision{Verdict: vFail, Why: fmt.Sprintf("giving up after %d rate-limited attempts", a.Waits429)}
			}
			wait := a.RetryAfter
			if wait <= 0 {
				wait = time.Second
			}
			if p.MaxRetryAfter > 0 && wait > p.MaxRetryAfter {
				wait = p.MaxRetryAfter
			}
			return decision{Verdict: vRetry, Wait: wait, Pause: true, Why: fmt.Sprintf("rate limited: waiting %s (Retry-After)", wait)}
		case a.Status >= 500:
			return transient(p, a, a.Retries < p.MaxRetries, fmt.Sprintf("a %d", a.Status))
		}
		return decision{Verdict: vFail}
	case failNetwork:
		return transient(p, a, a.Retries < p.MaxRetries, "a network error")
	case failBody:
		return transient(p, a, a.Retries < p.MaxRetries, "a reply cut off")
	case failRefused:
		// Nothing reached the server, so even a create may try again, once.
		a.Idempotent = true
		return transient(p, a, a.Retries < min(p.MaxRetries, 1), "a refused connection")
	case failNoHost:
		return decision{Verdict: vFail, Why: "not retrying: the host does not resolve"}
	}
	if !a.Idempotent && a.Status >= 200 && a.Status < 300 {
		// The write was applied (2xx) but its reply cannot be read: the caller must look it up.
		return decision{Verdict: vUnknown, Why: "the reply to a write could not be read"}
	}
	return decision{Verdict: vFail}
}

// transient decides after a failure that a retry might cure, if the call may be replayed and budget is left.
func transient(p retryPolicy, a attempt, budgetLeft bool, what string) decision {
	if !a.Idempotent {
		return decision{Verdict: vUnknown, Why: "not retrying after " + what + ": a create is never replayed"}
	}
	if !budgetLeft {
		return decision{Verdict: vFail, Why: fmt.Sprintf("giving up after %s (%d retries)", what, a.Retries)}
	}
	d := min(p.BackoffBase<<a.Retries, maxBackoff)
	d = d/2 + time.Duration(a.Jitter*float64(d/2))
	return decision{Verdict: vRetry, Wait: d, Why: fmt.Sprintf("retrying after %s in %s (retry %d of %d)", what, d.Round(time.Millisecond), a.Retries+1, p.MaxRetries)}
}
