package kb

import (
	"testing"
	"time"
)

// The retry policy, case by case. Jitter 0 gives the shortest backoff (half of base<<retries), 1 the longest.
func TestDecide(t *testing.T) {
	p := retryPolicy{MaxRetries: 4, Max429: 8, MaxRetryAfter: time.Minute, BackoffBase: 500 * time.Millisecond}
	cases := []struct {
		name string
		a    attempt
		want decision
	}{
		{"200 is done", attempt{Status: 200}, decision{Verdict: vDone}},
		{"201 on a create is done", attempt{Status: 201}, decision{Verdict: vDone}},
		{"204 is done", attempt{Idempotent: true, Status: 204}, decision{Verdict: vDone}},
		{"404 fails at once", attempt{Idempotent: true, Status: 404}, decision{Verdict: vFail}},
		{"400 on a create fails at once", attempt{Status: 400}, decision{Verdict: vFail}},
		{"307 fails at once (redirects are never followed)", attempt{Idempotent: true, Status: 307}, decision{Verdict: vFail}},

		{"429 waits Retry-After, holding every worker", attempt{Idempotent: true, Status: 429, RetryAfter: 3 * time.Second}, decision{Verdict: vRetry, Wait: 3 * time.Second, Pause: true}},
		{"429 on a create is waited out too (nothing was applied)", attempt{Status: 429, RetryAfter: 2 * time.Second}, decision{Verdict: vRetry, Wait: 2 * time.Second, Pause: true}},
		{"429 without Retry-After waits a second", attempt{Status: 429}, decision{Verdict: vRetry, Wait: time.Second, Pause: true}},
		{"429 with a huge Retry-After is capped", attempt{Status: 429, RetryAfter: time.Hour}, decision{Verdict: vRetry, Wait: time.Minute, Pause: true}},
		{"the 9th 429 gives up", attempt{Status: 429, Waits429: 8}, decision{Verdict: vFail}},
		{"429s do not use the 5xx budget", attempt{Status: 429, Retries: 4}, decision{Verdict: vRetry, Wait: time.Second, Pause: true}},

		{"503 on a GET backs off", attempt{Idempotent: true, Status: 503}, decision{Verdict: vRetry, Wait: 250 * time.Millisecond}},
		{"503 backoff doubles", attempt{Idempotent: true, Status: 503, Retries: 2, Jitter: 1}, decision{Verdict: vRetry, Wait: 2 * time.Second}},
		{"the 4th retry waits up to 4 s", attempt{Idempotent: true, Status: 500, Retries: 3, Jitter: 1}, decision{Verdict: vRetry, Wait: 4 * time.Second}},
		{"503 after 4 retries gives up", attempt{Idempotent: true, Status: 503, Retries: 4}, decision{Verdict: vFail}},
		{"503 on a create is outcome unknown, never replayed", attempt{Status: 503}, decision{Verdict: vUnknown}},

		{"a lost reply on a GET is retried", attempt{Idempotent: true, Failure: failNetwork, Jitter: 0.5}, decision{Verdict: vRetry, Wait: 375 * time.Millisecond}},
		{"a lost reply on a create is outcome unknown", attempt{Failure: failNetwork}, decision{Verdict: vUnknown}},
		{"a body cut off on a PATCH is retried", attempt{Idempotent: true, Failure: failBody, Status: 200}, decision{Verdict: vRetry, Wait: 250 * time.Millisecond}},
		{"a body cut off on a create is outcome unknown", attempt{Failure: failBody, Status: 201}, decision{Verdict: vUnknown}},
		{"a host that does not resolve is not retried", attempt{Idempotent: true, Failure: failNoHost}, decision{Verdict: vFail}},
		{"a refused connection is retried once", attempt{Idempotent: true, Failure: failRefused}, decision{Verdict: vRetry, Wait: 250 * time.Millisecond}},
		{"a refused connection is retried once, even a create", attempt{Failure: failRefused}, decision{Verdict: vRetry, Wait: 250 * time.Millisecond}},
		{"a second refusal gives up", attempt{Idempotent: true, Failure: failRefused, Retries: 1}, decision{Verdict: vFail}},
		{"a reply too large to read is not retried", attempt{Idempotent: true, Failure: failFinal, Status: 200}, decision{Verdict: vFail}},
		{"a create whose 2xx reply is too large may have happened", attempt{Failure: failFinal, Status: 201}, decision{Verdict: vUnknown}},
		{"a request that could not be built is not retried", attempt{Failure: failFinal}, decision{Verdict: vFail}},
	}
	for _, c := range cases {
		got := decide(p, c.a)
		got.Why = ""
		if got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
	// The cap applies before jitter.
	p.MaxRetries = 10
	if d := decide(p, attempt{Idempotent: true, Status: 500, Retries: 6, Jitter: 1}); d.Wait != maxBackoff {
		t.Errorf("backoff after 6 retries with MaxRetries 10: %v, want the cap %v", d.Wait, maxBackoff)
	}
}
