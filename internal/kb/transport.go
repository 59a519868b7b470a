package kb

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/atender/atender/internal/escape"
)

// ReplyBudget is the default bound on the reply bodies one client reads at the same time, together (a KB
// page of 100 articles is far below it). It is shared: the four listings of an inventory and their
// parallel pages draw on one budget, so hostile endless replies cost at most this much between them,
// not this much each.
const ReplyBudget = 64 << 20

// replyBudget counts the bytes of reply bodies being read at once.
type replyBudget struct {
	limit int64
	used  atomic.Int64
}

// budgetChunk is how much one read of a body asks for at a time.
const budgetChunk = 32 << 10

// read reads body whole, reserving from the budget what it has read and releasing it all when done. over
// says the budget ran out; alone says this reply by itself is over the limit. The body is read in chunks
// joined once at the end, so a reply costs about twice its size, never the sum of a growing buffer's copies.
func (b *replyBudget) read(body io.Reader) (data []byte, over, alone bool, err error) {
	var reserved int64
	defer func() { b.used.Add(-reserved) }()
	var chunks [][]byte
	for {
		chunk := make([]byte, budgetChunk)
		n, rerr := io.ReadFull(body, chunk)
		if n > 0 {
			reserved += int64(n)
			total := b.used.Add(int64(n))
			switch {
			case reserved > b.limit:
				return nil, true, true, nil
			case total > b.limit:
				return nil, true, false, nil
			}
			chunks = append(chunks, chunk[:n])
		}
		switch {
		case rerr == io.EOF || rerr == io.ErrUnexpectedEOF:
			return bytes.Join(chunks, nil), false, false, nil
		case rerr != nil:
			return bytes.Join(chunks, nil), false, false, rerr
		}
	}
}

func mib(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// reply is one HTTP reply, read whole.
type reply struct {
	method string
	path   string
	status int
	header http.Header
	body   []byte
	meta   ResponseMeta
}

// send makes one attempt: it builds the request, sends it, reads the reply (bounded) and feeds the
// rate-limit headers, parsed once, to the limiter. It returns the reply when a status came back, and how
// the attempt failed otherwise (for decide).
func (c *Client) send(ctx context.Context, cl call, u string, payload []byte, ticket int64) (*reply, failure, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, u, body)
	if err != nil {
		return nil, failFinal, fmt.Errorf("building %s %s: %w", cl.method, cl.path, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.key)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.ua)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := c.clock.Now()
	c.requests.Add(1)
	resp, err := c.hc.Do(req)
	dur := c.clock.Now().Sub(start)
	if err != nil {
		c.debugf("%s %s -> network error after %s: %v", cl.method, u, dur.Round(time.Millisecond), err)
		return nil, networkFailure(err), fmt.Errorf("%s %s: %w", cl.method, cl.path, err)
	}
	defer resp.Body.Close()
	data, over, alone, readErr := c.budget.read(resp.Body)
	rep := &reply{method: cl.method, path: cl.path, status: resp.StatusCode, header: resp.Header, body: data}
	rep.meta = ResponseMeta{Status: resp.StatusCode, RequestID: resp.Header.Get("X-Request-Id"), Duration: dur, RateLimit: parseRateLimit(resp.Header, c.clock.Now())}
	c.lastMu.Lock()
	c.last = rep.meta
	c.lastMu.Unlock()
	c.limiter.Observe(ticket, rep.meta.RateLimit)
	c.debugf("%s %s -> %d in %s request-id=%s ratelimit=%d/%d", cl.method, u, resp.StatusCode, dur.Round(time.Millisecond), rep.meta.RequestID, rep.meta.RateLimit.Remaining, rep.meta.RateLimit.Limit)
	switch {
	case readErr != nil:
		return rep, failBody, fmt.Errorf("%s %s: reading the reply (%d) was cut off: %w", cl.method, cl.path, resp.StatusCode, readErr)
	case over && alone:
		return rep, failFinal, c.replyError(rep, cl.method, cl.path, fmt.Sprintf("the reply is larger than %s; a KB reply is never that large, so the base URL may not be the API", mib(c.budget.limit)))
	case over:
		return rep, failFinal, c.replyError(rep, cl.method, cl.path, fmt.Sprintf("the replies being read at once are larger than %s together; KB replies are never that large, so the base URL may not be the API", mib(c.budget.limit)))
	}
	return rep, failNone, nil
}

// networkFailure tells errors that a retry may cure from those it will not.
func networkFailure(err error) failure {
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return failNoHost
	case errors.Is(err, syscall.ECONNREFUSED):
		return failRefused
	}
	return failNetwork
}

// checkKey refuses a key that cannot go into a header: net/http would fail every attempt with an error that
// looks like a network problem. The message names the position, never the key.
func checkKey(key string) error {
	for i, r := range key {
		if r < 0x20 || r == 0x7f {
			return &KeyFormatError{Problem: fmt.Sprintf("the API key contains a control character (%U) at position %d; a stray newline or tab from copying it? Nothing was sent", r, i+1)}
		}
	}
	return nil
}

// retryAfter reads Retry-After as seconds or an HTTP date; 0 when absent.
func retryAfter(h http.Header, now time.Time) int {
	ra := strings.TrimSpace(h.Get("Retry-After"))
	if ra == "" {
		return 0
	}
	if secs, err := strconv.Atoi(ra); err == nil {
		return max(0, secs)
	}
	if t, err := http.ParseTime(ra); err == nil {
		return max(1, int(t.Sub(now).Seconds()+0.999))
	}
	return 0
}

// parseError turns a non-2xx reply into an *APIError.
func (c *Client) parseError(cl call, rep *reply) *APIError {
	e := &APIError{Method: cl.method, Path: cl.path, Status: rep.status, RequestID: rep.meta.RequestID, RetryAfter: retryAfter(rep.header, c.clock.Now())}
	if rep.status >= 300 && rep.status < 400 {
		loc := rep.header.Get("Location")
		if loc == "" {
			loc = "(no Location header)"
		}
		e.Message = "the server redirects to " + c.redact(loc) + "; atender never follows redirects (the key could travel in clear text or to another host): point the base URL at the API itself"
		return e
	}
	e.Code, e.Message, e.Details, e.RequestID = readErrorBody(rep.body, e.RequestID)
	e.Message, e.Code, e.Details = c.redact(e.Message), c.redact(e.Code), c.redact(e.Details)
	return e
}

// maxErrorText bounds how much of an error body (a non-JSON one, or details) an error shows.
const maxErrorText = 500

// readErrorBody reads {"error": {"code", "message", "details", "requestId"}}, {"error": "message"}, and a
// flat {"code", "message", "details"}. details names the failing item on Atender, so it is kept (compact
// JSON, or the string). A body that is not JSON is shown as its first 500 characters, on one line.
func readErrorBody(body []byte, requestID string) (code, message, details, reqID string) {
	type fields struct {
		Code      any             `json:"code"`
		Message   string          `json:"message"`
		Details   json.RawMessage `json:"details"`
		RequestID string          `json:"requestId"`
	}
	var env struct {
		fields
		Error json.RawMessage `json:"error"`
	}
	reqID = requestID
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return "", "", "", reqID
	}
	if trimmed[0] != '{' || json.Unmarshal(trimmed, &env) != nil {
		return "", oneLine(string(trimmed), maxErrorText), "", reqID
	}
	f := env.fields
	if len(env.Error) > 0 {
		var inner fields
		var text string
		switch {
		case json.Unmarshal(env.Error, &inner) == nil:
			f = inner
		case json.Unmarshal(env.Error, &text) == nil:
			f.Message = text
		}
	}
	if f.Code != nil {
		code = oneLine(fmt.Sprint(f.Code), maxErrorText)
	}
	if len(f.Details) > 0 && !isNull(f.Details) {
		var text string
		if json.Unmarshal(f.Details, &text) != nil {
			var buf bytes.Buffer
			if json.Compact(&buf, f.Details) == nil {
				text = buf.String()
			}
		}
		details = oneLine(text, maxErrorText)
	}
	if reqID == "" {
		reqID = oneLine(f.RequestID, maxErrorText)
	}
	message = oneLine(f.Message, maxErrorText)
	if message == "" && code == "" && details == "" {
		message = oneLine(string(trimmed), maxErrorText)
	}
	return code, message, details, reqID
}

// oneLine makes server text safe to print: control characters (newlines, ESC…) and the invisible ones
// that reorder or hide text (escape.Hidden: bidi overrides, zero-width characters) become spaces, runs of
// spaces one, and it is cut to n characters.
func oneLine(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if escape.Hidden(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "?"))
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		s = string(r[:n]) + "…"
	}
	return s
}

// replyError says a reply could not be read as what was asked for, and what it looked like instead.
func (c *Client) replyError(rep *reply, method, path, problem string) error {
	if b := bytes.TrimSpace(rep.body); len(b) > 0 && b[0] == '<' {
		problem += fmt.Sprintf("; it is HTML, not JSON (it starts %q): the base URL may point at a web page, not the API", snippet(b, 60))
	}
	return &ReplyError{Method: method, Path: path, Status: rep.status, RequestID: rep.meta.RequestID, Problem: c.redact(problem)}
}
