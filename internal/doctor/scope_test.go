package doctor

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/emulator"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
)

// patchOK answers every PATCH with 200 {} (as the adversarial tester's server did) and passes the rest on.
type patchOK struct{}

func (patchOK) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodPatch {
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(`{}`)), Request: req}, nil
	}
	return http.DefaultTransport.RoundTrip(req)
}

// Adversarial finding F13: the scopes row said "answered 404" when the server answered 200 to the PATCH of
// an article that cannot exist. The row says what the server answered, and that it is not the contract.
func TestDoctorScopesRowSaysWhatTheServerAnswered(t *testing.T) {
	h := emulatortest.Start(t, emulator.Options{Tier: facts.Tiers["starter"]})
	h.Seed(seeded())
	k := h.WriteKey
	cfg := &config.Config{APIKey: k, KeySource: "environment variable ATENDER_API_KEY", Env: "prod", BaseURL: h.URL, BaseURLExplicit: true, Timeout: 5 * time.Second}
	rec := &Recorder{Key: k, Next: patchOK{}}
	in := Input{Config: cfg, Recorder: rec, Client: kb.NewClient(kb.Options{BaseURL: h.URL, APIKey: k, HTTPClient: &http.Client{Transport: rec}, MaxRetries: 1})}
	o := outcome{rep: Run(context.Background(), in)}
	r := o.row(t, "scopes")
	if r.Status != Differs || !strings.Contains(r.Detail, "answered 200, not 404") || strings.Contains(r.Detail, "answered 404") {
		t.Fatalf("scopes: %s %q; want differs saying it answered 200:%s", r.Status, r.Detail, o.dump())
	}
	if o.rep.ExitCode != 0 {
		t.Errorf("exit %d: a 200 to the probe is a difference kb sync does not rely on:%s", o.rep.ExitCode, o.dump())
	}
	// The emulator answers 404: the row stays ok and says so.
	if r := doctor(t, emulator.Options{}, nil).row(t, "scopes"); r.Status != OK || !strings.Contains(r.Detail, "answered 404") {
		t.Fatalf("scopes on the emulator: %s %q", r.Status, r.Detail)
	}
}
