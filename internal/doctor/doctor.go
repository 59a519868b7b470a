// Package doctor checks, read-only, what `kb sync` relies on against a real Atender KB: configuration,
// key, reachability, authentication and scopes, then the API contract as ../shared/atender-kb-api.md
// assumes it (list envelopes and paging, fields, timestamps, headers, the error body). Each check is a row
// ok | differs | failed with a one-line explanation; the rows tell a user (and us, in a bug report) how the
// real API differs from the assumptions.
package doctor

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"

	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
)

// Status is the outcome of one check.
type Status string

const (
	OK      Status = "ok"
	Differs Status = "differs" // the API answers otherwise than assumed
	Failed  Status = "failed"  // the check could not pass at all
)

// Row is one check.
type Row struct {
	Check  string `json:"check"`
	Status Status `json:"status"`
	Detail string `json:"detail"`
	// ReliedOn says kb sync depends on this: a row that is not ok makes doctor exit 1. Differences the
	// client reads anyway (another envelope key, a flat error body) are reported but not relied on.
	ReliedOn bool `json:"reliedOn"`
	// KeyProblem says the row is about the key (missing, refused, without a scope): exit 4.
	KeyProblem bool `json:"keyProblem,omitempty"`
}

// Report is the outcome of Run; -o json prints it.
type Report struct {
	SchemaVersion int    `json:"schemaVersion"`
	OK            bool   `json:"ok"`
	ExitCode      int    `json:"exitCode"`
	BaseURL       string `json:"baseUrl"`
	Rows          []Row  `json:"rows"`
}

// Exit codes (the cli's): 0 everything sync relies on holds, 1 something it relies on differs, 4 key.
const (
	exitOK      = 0
	exitDiffers = 1
	exitKey     = 4
)

// Input is what Run checks.
type Input struct {
	Config *config.Config
	// Client is the API client, its HTTP transport a Recorder (nil when the key checks failed: then only
	// the configuration rows are made).
	Client   *kb.Client
	Recorder *Recorder
	// KeyErr is why no client could be made from the key (from the checks made before any request).
	KeyErr error
	// KeyWarnings are the warnings of those checks.
	KeyWarnings []string
}

type run struct {
	in   Input
	rows []Row
}

func (r *run) add(row Row) { r.rows = append(r.rows, row) }

// Run makes every check in order and returns the rows and the exit code. It never writes.
func Run(ctx context.Context, in Input) *Report {
	r := &run{in: in}
	cfg := in.Config
	r.configRows()
	if in.KeyErr == nil && in.Client != nil {
		if r.connect(ctx) {
			r.headers()
			r.scopes(ctx)
			for _, l := range lists {
				r.list(ctx, l)
			}
			r.errorBody(ctx)
		}
	}
	rep := &Report{SchemaVersion: 1, BaseURL: cfg.BaseURL, Rows: r.rows}
	for _, row := range r.rows {
		switch {
		case row.Status != OK && row.KeyProblem:
			rep.ExitCode = exitKey
		case row.Status != OK && row.ReliedOn && rep.ExitCode == exitOK:
			rep.ExitCode = exitDiffers
		}
	}
	rep.OK = rep.ExitCode == exitOK
	return rep
}

func (r *run) configRows() {
	cfg := r.in.Config
	src := "no config file"
	if cfg.ConfigFile != "" {
		src = "config file " + cfg.ConfigFile
	}
	if cfg.DotenvFile != "" {
		src += "; .env file " + cfg.DotenvFile
	}
	where := "a custom base URL"
	for env, u := range facts.EnvBaseURLs {
		if u == cfg.BaseURL {
			where = "environment " + env
		}
	}
	row := Row{Check: "configuration", Status: OK, Detail: fmt.Sprintf("%s; %s (%s)", src, cfg.BaseURL, where)}
	if cfg.DotenvErr != nil {
		row.Status, row.ReliedOn, row.KeyProblem = Failed, true, true
		row.Detail += "; the .env file cannot be read: " + kb.Redact(cfg.DotenvErr.Error(), cfg.APIKey)
	}
	r.add(row)

	key := Row{Check: "key", Status: OK, ReliedOn: true}
	switch {
	case r.in.KeyErr != nil:
		key.Status, key.KeyProblem = Failed, true
		key.Detail = kb.Redact(r.in.KeyErr.Error(), cfg.APIKey)
	default:
		kind := facts.KeyKind(cfg.APIKey)
		if kind == "" {
			kind = "unknown kind"
		}
		key.Detail = fmt.Sprintf("%s (%s, from %s)", facts.MaskKey(cfg.APIKey), kind, cfg.KeySource)
		for _, w := range r.in.KeyWarnings {
			key.Detail += "; " + kb.Redact(w, cfg.APIKey)
		}
	}
	r.add(key)
	if r.in.Client != nil {
		kbRow := Row{Check: "knowledge base", Status: OK, Detail: "the tenant's default knowledge base (no kbId)"}
		if id := r.in.Client.KBID(); id != "" {
			kbRow.Detail = "kbId=" + id + " on every request"
		}
		r.add(kbRow)
	}
}

// connect checks DNS, the connection (TLS) and authentication with GET /categories.
func (r *run) connect(ctx context.Context) bool {
	cfg := r.in.Config
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || u.Host == "" {
		r.add(Row{Check: "reachable", Status: Failed, ReliedOn: true, Detail: fmt.Sprintf("the base URL %q is not a URL", cfg.BaseURL)})
		return false
	}
	if host := u.Hostname(); net.ParseIP(host) == nil {
		addrs, err := net.DefaultResolver.LookupHost(ctx, host)
		if err != nil {
			r.add(Row{Check: "reachable", Status: Failed, ReliedOn: true, Detail: fmt.Sprintf("DNS: %s does not resolve (%v); check the base URL", host, err)})
			return false
		}
		_ = addrs
	}
	_, err = r.in.Client.Probe(ctx, http.MethodGet, "/categories", nil)
	ex, sent := r.in.Recorder.Last()
	var ae *kb.APIError
	if err != nil && !errors.As(err, &ae) {
		detail := kb.Redact(err.Error(), cfg.APIKey)
		if sent && ex.Status != 0 {
			detail = fmt.Sprintf("answered %d but: %s", ex.Status, detail)
		}
		r.add(Row{Check: "reachable", Status: Failed, ReliedOn: true, Detail: detail})
		return false
	}
	how := u.Scheme
	if ex.TLS != "" {
		how += ", " + ex.TLS + " (certificate verified)"
	}
	r.add(Row{Check: "reachable", Status: OK, ReliedOn: true, Detail: fmt.Sprintf("%s answered in %d ms over %s", u.Host, ex.DurationMs, how)})
	switch st := kb.StatusOf(err); {
	case err == nil:
		r.add(Row{Check: "authentication", Status: OK, ReliedOn: true, Detail: "the key is live (GET /categories: 200)"})
		return true
	case st == http.StatusUnauthorized:
		r.add(Row{Check: "authentication", Status: Failed, ReliedOn: true, KeyProblem: true,
			Detail: "refused (401): a wrong, revoked or expired key, or one from another environment: " + ae.Message})
	case st == http.StatusForbidden:
		r.add(Row{Check: "authentication", Status: Failed, ReliedOn: true, KeyProblem: true,
			Detail: "the key lacks " + facts.ScopeRead + " (403): " + ae.Message})
	case st >= 300 && st < 400:
		r.add(Row{Check: "authentication", Status: Failed, ReliedOn: true, Detail: ae.Message})
	default:
		r.add(Row{Check: "authentication", Status: Failed, ReliedOn: true, Detail: fmt.Sprintf("GET /categories answered %d: %s", st, ae.Message)})
	}
	return false
}

// headers checks the rate-limit and request-id headers of the first reply.
func (r *run) headers() {
	ex, _ := r.in.Recorder.Last()
	h := http.Header{}
	for k, v := range ex.ResponseHeaders {
		h.Set(k, v)
	}
	rl := Row{Check: "rate-limit headers", Status: OK}
	lim, rem, reset := h.Get("X-RateLimit-Limit"), h.Get("X-RateLimit-Remaining"), h.Get("X-RateLimit-Reset")
	switch {
	case lim == "" && rem == "" && reset == "":
		rl.Status, rl.Detail = Differs, "none: atender paces at the starter tier (60/min + 10) and learns only from 429s"
	case lim == "" || rem == "" || reset == "":
		rl.Status, rl.Detail = Differs, fmt.Sprintf("only some: X-RateLimit-Limit %q, -Remaining %q, -Reset %q", lim, rem, reset)
	default:
		rl.Detail = fmt.Sprintf("limit %s, remaining %s, reset %s", lim, rem, reset)
		info := r.in.Client.LastResponse().RateLimit
		if t, ok := facts.TierByLimit(info.Limit); ok {
			rl.Detail += " (the " + t.Name + " tier)"
		} else if !info.PlausibleLimit() {
			rl.Status, rl.Detail = Differs, rl.Detail+": the limit is not plausible for a per-minute window; atender ignores it for pacing"
		} else {
			rl.Detail += " (no stated tier announces this limit)"
		}
	}
	r.add(rl)
	id := Row{Check: "request id", Status: OK, Detail: "X-Request-Id: " + h.Get("X-Request-Id")}
	if h.Get("X-Request-Id") == "" {
		id.Status, id.Detail = Differs, "no X-Request-Id header: errors cannot quote a request id for support"
	}
	r.add(id)
}

// scopes checks knowledge:write as keys verify does (kb.ProbeWrite: a PATCH to an article that cannot exist).
func (r *run) scopes(ctx context.Context) {
	access, _, err := kb.ProbeWrite(ctx, r.in.Client)
	row := Row{Check: "scopes", ReliedOn: true}
	ex, _ := r.in.Recorder.Last()
	switch access {
	case kb.WriteAllowed:
		row.Status, row.Detail = OK, facts.ScopeRead+" and "+facts.ScopeWrite+" (a PATCH to a nonexistent article answered 404, not 403)"
	case kb.WriteAccepted:
		// Not a scope problem, but not the contract either: say what the server answered.
		row.Status, row.ReliedOn = Differs, false
		row.Detail = fmt.Sprintf("%s and %s presumably (not 403), but a PATCH to the nonexistent article %s answered %d, not 404: the server accepts a write to an id that cannot exist", facts.ScopeRead, facts.ScopeWrite, facts.WriteProbeID, ex.Status)
	case kb.WriteMissing:
		row.Status, row.KeyProblem, row.Detail = Failed, true, "the key lacks "+facts.ScopeWrite+" (403): kb sync cannot write; kb sync --dry-run and kb pull work"
	default:
		row.Status, row.Detail = Differs, "could not tell whether the key may write: "+kb.Redact(err.Error(), r.in.Config.APIKey)
	}
	r.add(row)
}
