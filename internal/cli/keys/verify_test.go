package keys

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/kb"
)

// Flags are parsed apart from behaviour: runF gets the options, with a config resolved once.
func TestVerifyFlagParsing(t *testing.T) {
	f, _, _ := cmdutil.NewForTest(map[string]string{"ATENDER_API_KEY": "sa_test_Zq8v2LmN4pR7sT9wX1yB3dF5", "ATENDER_ENV": "staging"}, t.TempDir())
	var got *VerifyOptions
	cmd := NewCmdVerify(f, func(_ context.Context, o *VerifyOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--read-only"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	cfg, err := got.Config()
	if err != nil || !got.ReadOnly || cfg.Env != "staging" {
		t.Fatalf("read-only %v, cfg %+v, err %v", got.ReadOnly, cfg, err)
	}
	if again, _ := got.Config(); again != cfg {
		t.Fatal("the configuration was resolved twice")
	}
}

// fakeProber answers the two probes of keys verify as a server would.
type fakeProber struct{ read, write int }

func (p fakeProber) Probe(_ context.Context, method, path string, _ any) (kb.ResponseMeta, error) {
	st := p.read
	if method == http.MethodPatch {
		st = p.write
	}
	if st >= 400 {
		return kb.ResponseMeta{Status: st}, &kb.APIError{Method: method, Path: path, Status: st, Message: "nope"}
	}
	return kb.ResponseMeta{Status: st}, nil
}

// verifyRun needs nothing but its options: a fake prober stands in for the API.
func TestVerifyRunWithAFakeProber(t *testing.T) {
	cases := []struct {
		name        string
		read, write int
		readOnly    bool
		exit        int
		want        string
	}{
		{"read and write", 200, 404, false, 0, "knowledge:write  ok"},
		{"read only", 200, 403, false, cmdutil.ExitAuth, "knowledge:write  missing"},
		{"read only accepted", 200, 403, true, 0, "knowledge:write  missing"},
		{"refused", 401, 404, false, cmdutil.ExitAuth, "NOT live"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, out, _ := cmdutil.NewForTest(map[string]string{"ATENDER_API_KEY": "sa_test_Zq8v2LmN4pR7sT9wX1yB3dF5", "ATENDER_ENV": "staging"}, t.TempDir())
			var opts *VerifyOptions
			cmd := NewCmdVerify(f, func(_ context.Context, o *VerifyOptions) error { opts = o; return nil })
			args := []string{}
			if c.readOnly {
				args = append(args, "--read-only")
			}
			cmd.SetArgs(args)
			if err := cmd.Execute(); err != nil {
				t.Fatal(err)
			}
			opts.Client = func() (Prober, error) { return fakeProber{c.read, c.write}, nil }
			err := verifyRun(context.Background(), opts)
			if got := cmdutil.CodeOf(err); got != c.exit {
				t.Fatalf("exit %d, want %d (%v)", got, c.exit, err)
			}
			if !strings.Contains(out.String(), c.want) {
				t.Fatalf("stdout lacks %q:\n%s", c.want, out)
			}
		})
	}
}
