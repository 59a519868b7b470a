// Package explain turns an API or network failure into words for people: what went wrong with the key or
// the connection, and what to do. Every command that talks to the KB uses it, so a wrong key gets the same
// explanation everywhere (kb sync, kb pull, keys verify).
package explain

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/escape"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
)

// Problem says what went wrong and what to do.
type Problem struct {
	Kind      string `json:"kind"` // unauthorized, wrong-environment, missing-scope, rate-limited, network, dns, tls, timeout, unexpected
	Message   string `json:"message"`
	Fix       string `json:"fix,omitempty"`
	Status    int    `json:"status,omitempty"`
	RequestID string `json:"requestId,omitempty"`
	exit      int
}

// ExitCode is the exit code a problem maps to.
func (p *Problem) ExitCode() int { return p.exit }

// Classify explains an API or network error for people: what went wrong with the key or the connection and
// what to do. kb sync uses it too, so a wrong key gets the same explanation everywhere.
func Classify(err error, cfg *config.Config, scope string) *Problem {
	var ae *kb.APIError
	if errors.As(err, &ae) {
		// What the server said is printed: no control character of it reaches a terminal or a CI log.
		msg := *ae
		msg.Message, msg.Code, msg.RequestID = escape.Terminal(ae.Message), escape.Terminal(ae.Code), escape.Terminal(ae.RequestID)
		ae = &msg
		p := &Problem{Status: ae.Status, RequestID: ae.RequestID, Message: ae.Error(), exit: cmdutil.ExitAuth}
		switch ae.Status {
		case http.StatusUnauthorized:
			p.Kind = "unauthorized"
			p.Message = "the key was refused (401): this key is not valid here (wrong, revoked or expired). Atender said: " + ae.Message
			p.Fix = "Check that " + config.KeyEnvVar + " holds the whole key as shown once in Settings → API Keys; if it does, it may have been revoked or have expired: create a new one."
			kind := facts.KeyKind(cfg.APIKey)
			// Only the server knows why; say "another environment" only when it says so.
			if strings.Contains(strings.ToLower(ae.Message), "environment") {
				p.Kind = "wrong-environment"
				other := map[string]string{"live": "production", "test": "a sandbox (dev/staging)"}[kind]
				p.Message = fmt.Sprintf("the key was refused (401) by %s. It is a %s key, for %s; a key only authenticates in the environment that issued it. Atender said: %s", cfg.BaseURL, kind, other, ae.Message)
				p.Fix = "Use a key issued for this host's environment, or point --env/--base-url at the key's environment."
			}
		case http.StatusForbidden:
			p.Kind = "missing-scope"
			p.Message = fmt.Sprintf("the key is live but lacks the %s scope (403). Atender said: %s", scope, ae.Message)
			p.Fix = "In Atender, Settings → API Keys, create a key with the boxes knowledge:read and knowledge:write ticked (an empty selection also grants every scope), switch to it, then delete the old key."
			if scope == facts.ScopeWrite {
				p.Fix += " Or, if this key only needs to read, run with --read-only."
			}
		case http.StatusTooManyRequests:
			p.Kind = "rate-limited"
			p.Message = fmt.Sprintf("the key is rate limited (429, retry after %ds); its limits are per key, so another job may be using it. Atender said: %s", ae.RetryAfter, ae.Message)
			p.Fix = "Wait and retry; if it keeps happening, give CI its own key or move to a larger tier."
			p.exit = cmdutil.ExitFailure
		default:
			p.Kind = "unexpected"
			p.Message = fmt.Sprintf("unexpected reply %d from %s (request %s): %s", ae.Status, cfg.BaseURL, ae.RequestID, ae.Message)
			p.Fix = "Check --base-url/--env; if the host is right, quote the request id to Atender support."
			p.exit = cmdutil.ExitFailure
		}
		return p
	}
	// The server was reached but its reply was unreadable, or the key cannot be sent at all: neither is
	// a network problem.
	var re *kb.ReplyError
	if errors.As(err, &re) {
		return &Problem{Kind: "unreadable-reply", Status: re.Status, RequestID: re.RequestID, exit: cmdutil.ExitFailure, Message: cleanErr(err),
			Fix: "Check --base-url/--env: it must be the KB API (…/api/v1/kb), not a help-center page; `atender doctor` shows what the server sends."}
	}
	var ke *kb.KeyFormatError
	if errors.As(err, &ke) {
		return &Problem{Kind: "malformed-key", exit: cmdutil.ExitAuth, Message: ke.Error(), Fix: "Set " + config.KeyEnvVar + " to the key exactly as shown once in Settings → API Keys, without line breaks."}
	}
	p := &Problem{Kind: "network", exit: cmdutil.ExitFailure, Message: "could not reach " + cfg.BaseURL + ": " + cleanErr(err)}
	host := cfg.BaseURL
	if u, perr := url.Parse(cfg.BaseURL); perr == nil {
		host = u.Host
	}
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var recErr tls.RecordHeaderError
	switch {
	case errors.As(err, &dnsErr):
		p.Kind, p.Message = "dns", fmt.Sprintf("the host %s could not be resolved (DNS): %v", host, dnsErr)
		p.Fix = "Check the base URL for typos, and the machine's DNS and network."
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr), errors.As(err, &recErr):
		p.Kind, p.Message = "tls", fmt.Sprintf("TLS to %s failed: %v", host, err)
		p.Fix = "A proxy may be intercepting TLS, or the base URL points at a host that does not serve the API (a custom help-center domain never does)."
	case errors.Is(err, syscall.ECONNREFUSED):
		p.Message = fmt.Sprintf("nothing is listening at %s (connection refused)", host)
		p.Fix = "Check the base URL; for the emulator, start it with `atender emulator`."
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		p.Kind, p.Message = "timeout", fmt.Sprintf("%s did not answer in time", host)
		p.Fix = "Check the network, or raise --timeout."
	}
	return p
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// cleanErr is err's text with control characters escaped (escape.Terminal), except the line breaks that
// separate the errors of a join (several endpoints failing at once): each of those stays a line of its own
// instead of a literal \n.
func cleanErr(err error) string {
	switch u := err.(type) {
	case interface{ Unwrap() []error }:
		var parts []string
		for _, e := range u.Unwrap() {
			parts = append(parts, cleanErr(e))
		}
		return strings.Join(parts, "\n")
	case interface{ Unwrap() error }:
		// fmt.Errorf("context: %w", join): the context, then the joined errors.
		if inner := u.Unwrap(); inner != nil {
			s, is := err.Error(), inner.Error()
			if strings.HasSuffix(s, is) {
				return escape.Terminal(s[:len(s)-len(is)]) + cleanErr(inner)
			}
		}
	}
	return escape.Terminal(err.Error())
}
