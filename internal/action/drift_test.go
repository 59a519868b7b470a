package action

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// kb-drift.yml runs kb status on a schedule and on demand, with the least permissions, and keeps one issue
// "Knowledge base drift" up to date: its two scripts are run here with a stand-in atender and gh, for every
// combination of drift and an open issue.
func TestExampleDriftWorkflowKeepsOneIssue(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	b, err := os.ReadFile(filepath.Join(root, "examples", "github-actions", "kb-drift.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := yaml.Unmarshal(b, &w); err != nil {
		t.Fatal(err)
	}
	for _, trig := range []string{"schedule", "workflow_dispatch"} {
		if _, ok := w.On[trig]; !ok {
			t.Errorf("kb-drift.yml does not run on %s", trig)
		}
	}
	if len(w.Permissions) != 2 || w.Permissions["contents"] != "read" || w.Permissions["issues"] != "write" {
		t.Errorf("permissions %v, want exactly contents: read and issues: write", w.Permissions)
	}
	job := w.Jobs["status"]
	var status, issue string
	var statusEnv, issueEnv map[string]string
	fullHistory := false
	for _, s := range job.Steps {
		switch {
		case strings.HasPrefix(s.Uses, "actions/checkout@"):
			fullHistory = s.With["fetch-depth"] == "0"
		case strings.Contains(s.Run, "atender kb status"):
			status, statusEnv = s.Run, s.Env
		case strings.Contains(s.Run, "gh issue"):
			issue, issueEnv = s.Run, s.Env
		}
	}
	if !fullHistory {
		t.Error("kb-drift.yml checks out without fetch-depth: 0: ownership and edits cannot be told from a shallow clone")
	}
	if status == "" || issue == "" {
		t.Fatalf("kb-drift.yml lacks the kb status step or the issue step")
	}
	if !strings.Contains(statusEnv["ATENDER_API_KEY"], "secrets.") || issueEnv["GH_TOKEN"] != "${{ github.token }}" {
		t.Errorf("the key must come from a secret and gh must use the workflow's own token: %v %v", statusEnv, issueEnv)
	}

	for _, c := range []struct {
		name, code, open string
		want             string // the gh issue command, "" for none
		fails            bool
	}{
		{"drift appears: opened", "2", "", "issue create --title Knowledge base drift --body-file", false},
		{"drift lasts: edited", "2", "7", "issue edit 7 --body-file", false},
		{"back in sync: closed", "0", "7", "issue close 7 --comment Back in sync", false},
		{"in sync, no issue: nothing", "0", "", "", false},
		{"a key problem fails the job and leaves the issue", "4", "7", "", true},
		{"the issue listing fails: the step fails, no second issue", "2", "fail", "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			bin := filepath.Join(dir, "bin")
			os.MkdirAll(bin, 0o755)
			// atender: prints the report, appends it to the job summary, exits with the case's code.
			os.WriteFile(filepath.Join(bin, "atender"), []byte("#!/bin/sh\necho report\nprintf '## Knowledge base status\\n\\nedited in Atender a8\\n' >> \"$GITHUB_STEP_SUMMARY\"\nexit "+c.code+"\n"), 0o755)
			// gh: logs every call; `issue list` answers the open issue's number, if any.
			os.WriteFile(filepath.Join(bin, "gh"), []byte("#!/bin/sh\necho \"$*\" >> \"$GH_LOG\"\nif [ \"$1 $2\" = \"issue list\" ] && [ \"$OPEN\" = fail ]; then exit 1; fi\nif [ \"$1 $2\" = \"issue list\" ] && [ -n \"$OPEN\" ]; then echo \"$OPEN\"; fi\nfor a in \"$@\"; do case \"$prev\" in --body-file) cp \"$a\" \"$GH_LOG.body\";; esac; prev=$a; done\n"), 0o755)
			tmp := filepath.Join(dir, "runner")
			os.MkdirAll(tmp, 0o755)
			env := append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), "RUNNER_TEMP="+tmp, "GH_LOG="+filepath.Join(dir, "gh.log"), "OPEN="+c.open)
			step := func(script string, vars map[string]string, summary string) (string, int) {
				e := append([]string{}, env...)
				for k, v := range vars {
					v = strings.NewReplacer("${{ runner.temp }}", tmp, "${{ steps.status.outputs.code }}", c.code, "${{ github.token }}", "token",
						"${{ secrets.ATENDER_READ_API_KEY }}", "k", "${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}", "https://github.example/r/1").Replace(v)
					e = append(e, k+"="+v)
				}
				e = append(e, "GITHUB_OUTPUT="+filepath.Join(dir, "output"), "GITHUB_STEP_SUMMARY="+filepath.Join(dir, summary))
				cmd := exec.Command("bash", "-e", "-c", script)
				cmd.Env, cmd.Dir = e, dir
				out, err := cmd.CombinedOutput()
				code := 0
				if ee, ok := err.(*exec.ExitError); ok {
					code = ee.ExitCode()
				} else if err != nil {
					t.Fatal(err)
				}
				return string(out), code
			}
			out, code := step(status, statusEnv, "summary1")
			if c.fails {
				if code == 0 {
					t.Fatalf("exit %s passed the status step:\n%s", c.code, out)
				}
				return // the job stops: the issue step does not run
			}
			if code != 0 {
				t.Fatalf("status step: exit %d\n%s", code, out)
			}
			if o, _ := os.ReadFile(filepath.Join(dir, "output")); !strings.Contains(string(o), "code="+c.code) {
				t.Fatalf("step output: %q", o)
			}
			if out, code := step(issue, issueEnv, "summary2"); (code != 0) != (c.open == "fail") {
				t.Fatalf("issue step: exit %d\n%s", code, out)
			}
			log, _ := os.ReadFile(filepath.Join(dir, "gh.log"))
			var changes []string
			for _, l := range strings.Split(strings.TrimSpace(string(log)), "\n") {
				if strings.HasPrefix(l, "issue ") && !strings.HasPrefix(l, "issue list") {
					changes = append(changes, l)
				}
			}
			switch {
			case c.want == "" && len(changes) > 0:
				t.Fatalf("gh changed an issue: %q", changes)
			case c.want != "" && (len(changes) != 1 || !strings.HasPrefix(changes[0], c.want)):
				t.Fatalf("gh calls %q, want one %q", changes, c.want)
			}
			if c.code == "2" && c.open != "fail" {
				body, _ := os.ReadFile(filepath.Join(dir, "gh.log.body"))
				if !strings.Contains(string(body), "## Knowledge base status") || !strings.Contains(string(body), "https://github.example/r/1") {
					t.Errorf("the issue body lacks the report or the run's link:\n%s", body)
				}
			}
		})
	}
}
