package kb

import (
	"errors"
	"fmt"
	"net/http"
)

// APIError is a non-2xx reply from the API. Atender's error body is assumed to be
// {"error": {"code", "message", "details", "requestId"}}; a flat {"code", "message", "details"} is read too.
// RequestID falls back to X-Request-Id. Every string is redacted and on one line.
type APIError struct {
	Method     string
	Path       string
	Status     int
	Code       string
	Message    string
	Details    string // what the server said about the failing item (compact JSON or text), ≤ 500 characters
	RequestID  string
	RetryAfter int // seconds, from Retry-After on 429
}

func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	s := fmt.Sprintf("%s %s: %d", e.Method, e.Path, e.Status)
	if e.Code != "" {
		s += " " + e.Code
	}
	s += ": " + msg
	if e.Details != "" {
		s += " (details: " + e.Details + ")"
	}
	if e.Status == http.StatusUnauthorized {
		s += " [a wrong, revoked or expired key, or one from another environment]"
	}
	if e.RequestID != "" {
		s += " (request " + e.RequestID + ")"
	}
	return s
}

// OutcomeUnknownError says a non-idempotent request (a create) may or may not have taken effect: the reply
// was lost, timed out or was a 5xx. Replaying it could make a duplicate (Atender suffixes the slug with -1),
// so the client never does; the caller resolves the outcome by looking the resource up.
type OutcomeUnknownError struct {
	Method string
	Path   string
	Err    error
}

func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("%s %s: outcome unknown (not retried, it may have been applied): %v", e.Method, e.Path, e.Err)
}

func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// StatusOf returns the HTTP status of an *APIError inside err, or 0.
func StatusOf(err error) int {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Status
	}
	return 0
}

// RequestIDOf returns the request id of an *APIError inside err, or "".
func RequestIDOf(err error) string {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.RequestID
	}
	return ""
}

// IsOutcomeUnknown reports whether err says a write may or may not have been applied.
func IsOutcomeUnknown(err error) bool {
	var ou *OutcomeUnknownError
	return errors.As(err, &ou)
}

// ReplyError says a reply came back but could not be read as what was asked for: not JSON, HTML, too
// large, a list where one object was expected, an unknown list shape. The server was reached; this is
// never a network problem, and retrying will not change it.
type ReplyError struct {
	Method    string
	Path      string
	Status    int
	RequestID string
	Problem   string // what was wrong, redacted
}

func (e *ReplyError) Error() string {
	s := fmt.Sprintf("%s %s: the server answered %d", e.Method, e.Path, e.Status)
	if e.RequestID != "" {
		s += " (request " + e.RequestID + ")"
	}
	return s + " but the reply could not be read: " + e.Problem
}

// KeyFormatError says the key cannot be sent at all (it holds a control character). Nothing was sent.
type KeyFormatError struct{ Problem string }

func (e *KeyFormatError) Error() string { return e.Problem }
