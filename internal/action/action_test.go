// Package action tests the composite GitHub Action at the repository root: the shape of action.yml, and its
// own shell steps run with a fake GitHub environment against the emulator on loopback (no network).
package action

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/emulator/emulatortest"
	yaml "go.yaml.in/yaml/v3"
)

const root = "../.."

type actionFile struct {
	Name   string `yaml:"name"`
	Inputs map[string]struct {
		Default  *string `yaml:"default"`
		Required bool    `yaml:"required"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			ID    string            `yaml:"id"`
			If    string            `yaml:"if"`
			Uses  string            `yaml:"uses"`
			Run   string            `yaml:"run"`
			Shell string            `yaml:"shell"`
			Env   map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

func TestActionShape(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(b, &a); err != nil {
		t.Fatal(err)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q, want composite", a.Runs.Using)
	}
	for _, in := range []string{"command", "path", "config", "environment", "base-url", "prune", "prune-mode", "max-delete", "on-conflict", "force", "concurrency", "strict", "args", "version", "verify-provenance"} {
		if _, ok := a.Inputs[in]; !ok {
			t.Errorf("input %s missing", in)
		}
	}
	// An input left empty must not override the repository's config: only command has a default.
	for name, in := range a.Inputs {
		if name != "command" && in.Default != nil && *in.Default != "" {
			t.Errorf("input %s defaults to %q: it would override the config file", name, *in.Default)
		}
	}
	for name := range a.Inputs {
		l := strings.ToLower(name)
		if strings.Contains(l, "key") || strings.Contains(l, "token") || strings.Contains(l, "secret") {
			t.Errorf("input %q: the API key must come from env ATENDER_API_KEY, never an input (inputs land in logs)", name)
		}
	}
	for _, out := range []string{"created", "updated", "unchanged", "archived", "deleted", "failed", "conflicts", "unknown", "result-json", "summary-md"} {
		if v := a.Outputs[out].Value; v != "${{ steps.run.outputs."+out+" }}" {
			t.Errorf("output %s = %q, want it wired to the run step", out, v)
		}
	}
	// Go is set up, and atender built, only when there is no release to install.
	const fromSource = "steps.install.outputs.from-source == 'true'"
	var sawSetupGo, sawInstall, sawBuild, sawRun bool
	for _, s := range a.Runs.Steps {
		switch {
		case strings.HasPrefix(s.Uses, "actions/setup-go@"):
			sawSetupGo = s.If == fromSource
		case strings.HasSuffix(s.Run, "internal/action/install.sh\""):
			sawInstall = s.Shell == "bash" && s.ID == "install" && s.If == "" && s.Env["INPUT_VERIFY_PROVENANCE"] == "${{ inputs.verify-provenance }}"
		case strings.HasSuffix(s.Run, "internal/action/install.sh\" source"):
			sawBuild = s.Shell == "bash" && s.If == fromSource
		case strings.Contains(s.Run, "internal/action/run.sh"):
			sawRun = s.Shell == "bash" && s.ID == "run" && len(s.Env) >= 7
		}
	}
	if !sawSetupGo || !sawInstall || !sawBuild || !sawRun {
		t.Fatalf("steps: setup-go only from source %v, install %v, build from source %v, run %v", sawSetupGo, sawInstall, sawBuild, sawRun)
	}
}

type fakeGitHub struct {
	dir, output, summary, path string
	env                        []string
}

func newFake(t *testing.T) *fakeGitHub {
	dir := t.TempDir()
	f := &fakeGitHub{dir: dir, output: filepath.Join(dir, "output"), summary: filepath.Join(dir, "summary"), path: filepath.Join(dir, "path")}
	abs, _ := filepath.Abs(root)
	f.env = append(os.Environ(), "GITHUB_ACTIONS=true", "GITHUB_ACTION_PATH="+abs, "RUNNER_TEMP="+dir,
		"GITHUB_OUTPUT="+f.output, "GITHUB_STEP_SUMMARY="+f.summary, "GITHUB_PATH="+f.path, "GITHUB_WORKSPACE="+filepath.Join(dir, "repo"), "CI=true")
	return f
}

func (f *fakeGitHub) run(t *testing.T, script string, env ...string) (string, int) {
	t.Helper()
	args := strings.Fields(script) // the script and its arguments
	abs, _ := filepath.Abs(filepath.Join(root, "internal", "action", args[0]))
	cmd := exec.Command("bash", append([]string{abs}, args[1:]...)...)
	cmd.Dir = filepath.Join(f.dir, "repo")
	os.MkdirAll(cmd.Dir, 0o755)
	cmd.Env = append(append([]string{}, f.env...), env...)
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), code
}

func read(t testing.TB, p string) string {
	b, _ := os.ReadFile(p)
	return string(b)
}

// TestActionScripts runs install.sh and run.sh as the composite would, with a fake GitHub environment.
func TestActionScripts(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	f := newFake(t)
	// no version and no release ref: the install step asks for a build from source, which the next step does
	out, code := f.run(t, "install.sh")
	if code != 0 || !strings.Contains(read(t, f.output), "from-source=true\n") {
		t.Fatalf("install.sh: exit %d\n%s", code, out)
	}
	out, code = f.run(t, "install.sh source")
	if code != 0 {
		t.Fatalf("install.sh source: exit %d\n%s", code, out)
	}
	bin := filepath.Join(f.dir, "atender-bin", "atender")
	if _, err := os.Stat(bin); err != nil || !strings.Contains(read(t, f.path), filepath.Join(f.dir, "atender-bin")) {
		t.Fatalf("install.sh did not build %s or add it to GITHUB_PATH", bin)
	}
	// a docs tree inside the fake repository
	docs := filepath.Join(f.dir, "repo", "docs", "billing")
	os.MkdirAll(docs, 0o755)
	os.WriteFile(filepath.Join(docs, "refunds.md"), []byte("---\ntitle: Refunds\nstatus: published\n---\nWithin 14 days.\n"), 0o644)
	os.WriteFile(filepath.Join(docs, "bad.md"), []byte("---\ntitle: Bad\nstatus: live\n---\nBody.\n"), 0o644)

	t.Run("validate annotates the file relative to the repository root", func(t *testing.T) {
		out, code := f.run(t, "run.sh", "INPUT_COMMAND=validate", "INPUT_PATH=docs")
		if code != 3 || !strings.Contains(out, "::error file=docs/billing/bad.md,line=3,col=1::status \"live\" is not one of") {
			t.Fatalf("exit %d\n%s", code, out)
		}
	})
	os.Remove(filepath.Join(docs, "bad.md"))

	h := emulatortest.Start(t, emulatortest.Options{})
	withKey := []string{"ATENDER_API_KEY=" + h.WriteKey, "INPUT_BASE_URL=" + h.URL, "INPUT_PATH=docs"}

	t.Run("plan writes a job summary and sends nothing but the write probe", func(t *testing.T) {
		out, code := f.run(t, "run.sh", append(withKey, "INPUT_COMMAND=plan")...)
		if code != 0 || !strings.Contains(out, "::group::Plan") || !strings.Contains(out, "+ create   billing/refunds.md → refunds") {
			t.Fatalf("exit %d\n%s", code, out)
		}
		if s := read(t, f.summary); !strings.Contains(s, "plan (dry run)") || !strings.Contains(s, "| create | [Refunds](") {
			t.Fatalf("summary:\n%s", s)
		}
		// One change-nothing probe asks whether the key may write (it may: no notice); nothing else is written.
		h.ExpectDryRun(t, 1)
		if strings.Contains(out, "::notice") {
			t.Fatalf("a notice although the key may write:\n%s", out)
		}
		if strings.Contains(out, h.WriteKey) || strings.Contains(read(t, f.summary), h.WriteKey) {
			t.Fatal("the key appears in the output")
		}
	})
	t.Run("sync sets the step outputs", func(t *testing.T) {
		os.WriteFile(f.output, nil, 0o644)
		out, code := f.run(t, "run.sh", append(withKey, "INPUT_COMMAND=sync", "INPUT_PRUNE=true", "INPUT_MAX_DELETE=3")...)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, out)
		}
		o := read(t, f.output)
		for _, want := range []string{"created=1\n", "updated=0\n", "failed=0\n", "result-json=" + filepath.Join(f.dir, "atender-result.json") + "\n"} {
			if !strings.Contains(o, want) {
				t.Errorf("GITHUB_OUTPUT lacks %q:\n%s", want, o)
			}
		}
		if r := read(t, filepath.Join(f.dir, "atender-result.json")); !strings.Contains(r, `"slug": "refunds"`) {
			t.Errorf("result file: %s", r)
		}
		if len(h.Articles()) != 1 {
			t.Fatalf("emulator holds %d articles", len(h.Articles()))
		}
	})
	t.Run("kb-plan.yml comments the plan atender wrote, then edits that comment", func(t *testing.T) {
		pr := newPR(t)
		refunds := filepath.Join(docs, "refunds.md")
		for i, text := range []string{"Within 30 days.", "Within 60 days, @octocat."} {
			os.WriteFile(refunds, []byte("---\ntitle: Refunds\nstatus: published\n---\n"+text+"\n"), 0o644)
			os.WriteFile(f.output, nil, 0o644)
			out, code := f.run(t, "run.sh", append(withKey, "INPUT_COMMAND=plan", "INPUT_ARGS=--diff")...)
			plan := ""
			for _, l := range strings.Split(read(t, f.output), "\n") {
				if p, ok := strings.CutPrefix(l, "summary-md="); ok {
					plan = read(t, p)
				}
			}
			if code != 0 || !strings.Contains(plan, "+"+text) {
				t.Fatalf("plan %d: exit %d, summary-md without the changed line:\n%s\n%s", i, code, out, plan)
			}
			changes := pr.post(t, plan)
			if want := []string{"pr comment", "api --method PATCH"}[i]; len(changes) != 1 || !strings.HasPrefix(changes[0], want) {
				t.Fatalf("push %d: gh calls %q, want one %s", i+1, changes, want)
			}
			if c := pr.comments(t); len(c) != 3 || !strings.HasPrefix(c["9"], "<!-- atender:kb-plan -->\n"+plan) {
				t.Fatalf("push %d: comments %q", i+1, c)
			}
		}
		if c := pr.comments(t)["9"]; !strings.Contains(c, "+Within 60 days, @octocat.") || strings.Contains(c, "+Within 30 days.") {
			t.Errorf("the comment does not show the second push's plan:\n%s", c)
		}
	})
	t.Run("empty inputs leave the config alone; new inputs reach atender", func(t *testing.T) {
		repo := filepath.Join(f.dir, "repo")
		os.WriteFile(filepath.Join(repo, ".atender.yaml"), []byte("env: staging\npath: docs\n"), 0o644)
		defer os.Remove(filepath.Join(repo, ".atender.yaml"))
		// env: staging from the config, not a default prod from the action: a production key is refused
		// for staging before anything is sent.
		out, code := f.run(t, "run.sh", "INPUT_COMMAND=plan", "ATENDER_API_KEY=sa_live_Zq8v2LmN4pR7sT9wX1yB3dF5")
		if code != 4 || !strings.Contains(out, "refusing to send a production key") || !strings.Contains(out, "to staging") {
			t.Fatalf("exit %d\n%s", code, out)
		}
		for _, c := range []struct{ env, want string }{
			{"INPUT_PRUNE_MODE=shred", "--prune-mode"},
			{"INPUT_ON_CONFLICT=merge", "on-conflict"},
			{"INPUT_CONCURRENCY=many", "concurrency"},
			{"INPUT_ARGS=--no-such-flag", "no-such-flag"},
			{"INPUT_CONFIG=missing.yaml", "missing.yaml"},
		} {
			out, code := f.run(t, "run.sh", append(withKey, "INPUT_COMMAND=plan", c.env)...)
			if code != 1 || !strings.Contains(out, c.want) {
				t.Errorf("%s: exit %d\n%s", c.env, code, out)
			}
		}
		out, code = f.run(t, "run.sh", append(withKey, "INPUT_COMMAND=plan", "INPUT_ARGS=--diff --fail-fast", "INPUT_FORCE=true", "INPUT_CONCURRENCY=2")...)
		if code != 0 {
			t.Fatalf("args and force: exit %d\n%s", code, out)
		}
	})
	t.Run("bad inputs fail with an annotation", func(t *testing.T) {
		for _, env := range [][]string{{"INPUT_COMMAND=deploy"}, {"INPUT_COMMAND=sync", "INPUT_PRUNE=yes"}, {"INPUT_COMMAND=sync", "INPUT_MAX_DELETE=ten"}} {
			out, code := f.run(t, "run.sh", env...)
			if code != 1 || !strings.Contains(out, "::error ") {
				t.Errorf("%v: exit %d\n%s", env, code, out)
			}
		}
	})
}
