package explain

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
	"testing"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
)

const (
	liveKey = "sa_live_0123456789abcdef0123"
	testKey = "sa_test_0123456789abcdef0123"
)

func TestClassify(t *testing.T) {
	prod := &config.Config{APIKey: liveKey, Env: "prod", BaseURL: facts.EnvBaseURLs["prod"]}
	custom := &config.Config{APIKey: testKey, Env: "prod", BaseURL: "https://kb.example.com/api/v1/kb", BaseURLExplicit: true}
	apiErr := func(status int, msg string) error {
		return fmt.Errorf("listing: %w", &kb.APIError{Method: "GET", Path: "/categories", Status: status, Message: msg, RequestID: "req_1", RetryAfter: 7})
	}
	cases := []struct {
		name     string
		err      error
		cfg      *config.Config
		scope    string
		kind     string
		exit     int
		message  []string // substrings of the message
		fix      string   // substring of the fix
		noInText []string // what the message must not say
	}{
		{"401 plain", apiErr(401, "invalid key"), prod, facts.ScopeRead, "unauthorized", cmdutil.ExitAuth,
			[]string{"refused (401)", "this key is not valid here (wrong, revoked or expired)", "invalid key"}, "holds the whole key", []string{"never expire", "environment"}},
		{"an unreadable reply is not a network problem", fmt.Errorf("listing: %w", &kb.ReplyError{Method: "GET", Path: "/categories", Status: 200, Problem: "it is HTML, not JSON"}), prod, facts.ScopeRead, "unreadable-reply", cmdutil.ExitFailure,
			[]string{"answered 200", "HTML"}, "not a help-center page", []string{"could not reach"}},
		{"a malformed key is a key problem", &kb.KeyFormatError{Problem: "the API key contains a control character (U+000A) at position 30"}, prod, facts.ScopeRead, "malformed-key", cmdutil.ExitAuth,
			[]string{"control character"}, "without line breaks", []string{"could not reach"}},
		{"401 naming the environment", apiErr(401, "key belongs to another environment"), prod, facts.ScopeRead, "wrong-environment", cmdutil.ExitAuth,
			[]string{"by " + facts.EnvBaseURLs["prod"], "live key, for production"}, "environment", nil},
		{"401 on a custom host, not naming the environment", apiErr(401, "nope"), custom, facts.ScopeRead, "unauthorized", cmdutil.ExitAuth,
			[]string{"this key is not valid here (wrong, revoked or expired)", "nope"}, "create a new one", []string{"environment that issued it"}},
		{"403 read", apiErr(403, "forbidden"), prod, facts.ScopeRead, "missing-scope", cmdutil.ExitAuth,
			[]string{"lacks the knowledge:read scope"}, "knowledge:write ticked", []string{"--read-only"}},
		{"403 write suggests --read-only", apiErr(403, "forbidden"), prod, facts.ScopeWrite, "missing-scope", cmdutil.ExitAuth,
			[]string{"lacks the knowledge:write scope"}, "--read-only", nil},
		{"429", apiErr(429, "slow down"), prod, facts.ScopeRead, "rate-limited", cmdutil.ExitFailure,
			[]string{"retry after 7s", "slow down"}, "own key", nil},
		{"500", apiErr(500, "boom"), prod, facts.ScopeRead, "unexpected", cmdutil.ExitFailure,
			[]string{"unexpected reply 500", "request req_1"}, "request id", nil},
		{"dns", &net.DNSError{Err: "no such host", Name: "prod.atender.dev"}, prod, facts.ScopeRead, "dns", cmdutil.ExitFailure,
			[]string{"could not be resolved", "prod.atender.dev"}, "typos", nil},
		{"tls", x509.UnknownAuthorityError{}, prod, facts.ScopeRead, "tls", cmdutil.ExitFailure,
			[]string{"TLS to prod.atender.dev failed"}, "proxy", nil},
		{"refused", fmt.Errorf("dial: %w", syscall.ECONNREFUSED), prod, facts.ScopeRead, "network", cmdutil.ExitFailure,
			[]string{"nothing is listening at prod.atender.dev"}, "atender emulator", nil},
		{"timeout", fmt.Errorf("get: %w", context.DeadlineExceeded), prod, facts.ScopeRead, "timeout", cmdutil.ExitFailure,
			[]string{"did not answer in time"}, "--timeout", nil},
		{"other network error", fmt.Errorf("weird"), prod, facts.ScopeRead, "network", cmdutil.ExitFailure,
			[]string{"could not reach " + facts.EnvBaseURLs["prod"], "weird"}, "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := Classify(tc.err, tc.cfg, tc.scope)
			if p.Kind != tc.kind || p.ExitCode() != tc.exit {
				t.Fatalf("kind %q exit %d, want %q %d (%s)", p.Kind, p.ExitCode(), tc.kind, tc.exit, p.Message)
			}
			for _, m := range tc.message {
				if !strings.Contains(p.Message, m) {
					t.Errorf("message %q lacks %q", p.Message, m)
				}
			}
			for _, m := range tc.noInText {
				if strings.Contains(p.Message+p.Fix, m) {
					t.Errorf("%q says %q", p.Message+p.Fix, m)
				}
			}
			if !strings.Contains(p.Fix, tc.fix) {
				t.Errorf("fix %q lacks %q", p.Fix, tc.fix)
			}
			if strings.Contains(p.Message+p.Fix, liveKey) || strings.Contains(p.Message+p.Fix, testKey) {
				t.Errorf("the explanation shows the key")
			}
		})
	}
}

// Listing errors of several endpoints are joined: each is its own line, not a literal \n, and a control
// character a server put in one is still escaped (adversarial F15).
func TestJoinedErrorsAreLines(t *testing.T) {
	cfg := &config.Config{APIKey: testKey, Env: "prod", BaseURL: "http://127.0.0.1:1/api/v1/kb", BaseURLExplicit: true}
	cats := &kb.ReplyError{Method: "GET", Path: "/categories", Status: 200, Problem: "it has the keys \"data\"\x1b[2J"}
	subs := &kb.ReplyError{Method: "GET", Path: "/subcategories", Status: 200, Problem: "it has the keys \"items\""}
	p := Classify(fmt.Errorf("listing: %w", errors.Join(cats, subs)), cfg, facts.ScopeRead)
	lines := strings.Split(p.Message, "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "listing: GET /categories:") || !strings.HasPrefix(lines[1], "GET /subcategories:") {
		t.Fatalf("message %q, want two lines, one per endpoint", p.Message)
	}
	if strings.Contains(p.Message, `\n`) || strings.Contains(p.Message, "\x1b") {
		t.Fatalf("message %q has a literal \\n or a raw escape", p.Message)
	}
}
