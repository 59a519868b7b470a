package action

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// commentStep is kb-plan.yml's step that posts the plan: its script and its env.
func commentStep(t *testing.T) (script string, env map[string]string) {
	t.Helper()
	var w workflow
	readYAML(t, filepath.Join(root, "examples", "github-actions", "kb-plan.yml"), &w)
	for _, s := range w.Jobs["plan"].Steps {
		if strings.Contains(s.Run, "gh ") {
			return s.Run, s.Env
		}
	}
	t.Fatal("kb-plan.yml has no step that runs gh")
	return "", nil
}

// fakeGh stands in for gh: the pull request's comments are files in $GH_STATE (ID.body, ID.user), and it
// answers the three calls a comment script makes, as GitHub would: list the comments (with the --jq filter
// applied by jq, as gh applies it), edit one by id, add one. Anything else fails the script.
const fakeGh = `#!/usr/bin/env bash
set -euo pipefail
shopt -s nullglob
[ -n "${GH_TOKEN:-}" ] || { echo "gh: no GH_TOKEN" >&2; exit 4; }
printf '%s\n' "$*" >> "$GH_STATE/log"
comments="repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments"
case "$1 $2" in
"api --paginate")
	[ -z "${GH_FAIL_LIST:-}" ] || { echo "gh: HTTP 502" >&2; exit 1; }
	[ "$3" = "$comments" ] && [ "$4" = --jq ] || { echo "gh: unexpected $*" >&2; exit 1; }
	for f in "$GH_STATE"/*.body; do
		id=$(basename "$f" .body)
		jq -n --arg id "$id" --arg user "$(cat "$GH_STATE/$id.user")" --rawfile body "$f" '{id: ($id | tonumber), user: {login: $user}, body: $body}'
	done | jq -s . | jq -r "$5"
	;;
"api --method")
	id=${4##*/}
	[ "$3" = PATCH ] && [ "$4" = "repos/$GITHUB_REPOSITORY/issues/comments/$id" ] && [ "$5" = -F ] || { echo "gh: unexpected $*" >&2; exit 1; }
	[ -f "$GH_STATE/$id.body" ] || { echo "gh: HTTP 404" >&2; exit 1; }
	case "$6" in body=@*) cp "${6#body=@}" "$GH_STATE/$id.body" ;; *) echo "gh: the body is not a file: $6" >&2; exit 1 ;; esac
	;;
"pr comment")
	[ "$3" = "$PR_NUMBER" ] && [ "$6" = --body-file ] || { echo "gh: unexpected $*" >&2; exit 1; }
	last=0
	for f in "$GH_STATE"/*.body; do id=$(basename "$f" .body); [ "$id" -gt "$last" ] && last=$id; done
	cp "$7" "$GH_STATE/$((last + 1)).body"
	echo 'github-actions[bot]' > "$GH_STATE/$((last + 1)).user"
	;;
*)
	echo "gh: unexpected $*" >&2
	exit 1
	;;
esac
`

// prComments is a pull request as the fake gh keeps it: someone's comment that quotes the marker, and
// another workflow's comment by the same bot; the comment script must touch neither.
type prComments struct {
	dir, state, bin string
}

func newPR(t *testing.T) *prComments {
	t.Helper()
	for _, tool := range []string{"bash", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed (.ci/run installs it)", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
	pr := &prComments{dir: t.TempDir()}
	pr.state, pr.bin = filepath.Join(pr.dir, "gh-state"), filepath.Join(pr.dir, "bin")
	os.MkdirAll(pr.state, 0o755)
	os.MkdirAll(pr.bin, 0o755)
	os.WriteFile(filepath.Join(pr.bin, "gh"), []byte(fakeGh), 0o755)
	pr.put("7", "octocat", "<!-- atender:kb-plan -->\nquoting the bot")
	pr.put("8", "github-actions[bot]", "## Test results\n\nall green")
	return pr
}

func (pr *prComments) put(id, user, body string) {
	os.WriteFile(filepath.Join(pr.state, id+".body"), []byte(body), 0o644)
	os.WriteFile(filepath.Join(pr.state, id+".user"), []byte(user), 0o644)
}

// comments are the pull request's comments by id.
func (pr *prComments) comments(t *testing.T) map[string]string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(pr.state, "*.body"))
	out := map[string]string{}
	for _, f := range files {
		out[strings.TrimSuffix(filepath.Base(f), ".body")] = read(t, f)
	}
	return out
}

// post runs kb-plan.yml's comment step with plan as the plan step's summary-md, as a push's run would; it
// returns the gh calls that changed a comment.
func (pr *prComments) post(t *testing.T, plan string, env ...string) []string {
	t.Helper()
	changes, err := pr.run(t, plan, env...)
	if err != nil {
		t.Fatal(err)
	}
	return changes
}

// run is post that returns the step's failure.
func (pr *prComments) run(t *testing.T, plan string, extra ...string) ([]string, error) {
	t.Helper()
	script, vars := commentStep(t)
	tmp := filepath.Join(pr.dir, "runner")
	os.MkdirAll(tmp, 0o755)
	planFile := filepath.Join(tmp, "atender-summary.md")
	os.WriteFile(planFile, []byte(plan), 0o644)
	os.Remove(filepath.Join(pr.state, "log"))
	env := append(os.Environ(), "PATH="+pr.bin+":"+os.Getenv("PATH"), "GH_STATE="+pr.state, "RUNNER_TEMP="+tmp,
		"GITHUB_REPOSITORY=acme/docs", "PR_NUMBER=42")
	for k, v := range vars {
		v = strings.NewReplacer("${{ github.token }}", "token", "${{ github.event.pull_request.number }}", "42",
			"${{ steps.plan.outputs.summary-md }}", planFile,
			"${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}", "https://github.example/acme/docs/actions/runs/1").Replace(v)
		if strings.Contains(v, "${{") {
			t.Fatalf("env %s=%s: an expression the test does not stand in for", k, v)
		}
		env = append(env, k+"="+v)
	}
	cmd := exec.Command("bash", "-e", "-c", script) // GitHub's bash: -e, and no pipefail
	cmd.Env, cmd.Dir = append(env, extra...), pr.dir
	out, err := cmd.CombinedOutput()
	var changes []string
	for _, l := range strings.Split(strings.TrimSpace(read(t, filepath.Join(pr.state, "log"))), "\n") {
		if !strings.HasPrefix(l, "api --paginate") {
			changes = append(changes, l)
		}
	}
	if err != nil {
		return changes, fmt.Errorf("the comment step failed: %v\n%s", err, out)
	}
	return changes, nil
}

// kb-plan.yml asks for no more than reading the code and writing the comment, posts also when the plan
// failed, passes every value to its script by env (nothing from an expression in the shell text), and
// actionlint finds nothing in it.
func TestExamplePlanWorkflowShape(t *testing.T) {
	t.Parallel()
	p := filepath.Join(root, "examples", "github-actions", "kb-plan.yml")
	var w workflow
	readYAML(t, p, &w)
	if len(w.Permissions) != 2 || w.Permissions["contents"] != "read" || w.Permissions["pull-requests"] != "write" {
		t.Errorf("permissions %v, want exactly contents: read and pull-requests: write", w.Permissions)
	}
	var plan, comment bool
	for _, s := range w.Jobs["plan"].Steps {
		switch {
		case strings.HasPrefix(s.Uses, "atender/atender@"):
			plan = s.ID == "plan" && s.With["command"] == "plan" && strings.Contains(s.Env["ATENDER_API_KEY"], "secrets.")
		case strings.Contains(s.Run, "gh "):
			comment = strings.Contains(s.If, "!cancelled()") && s.Env["GH_TOKEN"] == "${{ github.token }}" && s.Env["PLAN"] == "${{ steps.plan.outputs.summary-md }}"
			if strings.Contains(s.Run, "${{") {
				t.Errorf("the comment script interpolates an expression into the shell:\n%s", s.Run)
			}
		}
	}
	if !plan || !comment {
		t.Errorf("kb-plan.yml: plan step with id plan %v, comment step reading summary-md with the job's token, also after a failed plan %v", plan, comment)
	}
	lint, err := exec.LookPath("actionlint")
	if err != nil {
		home, _ := os.UserHomeDir()
		lint = filepath.Join(home, "go", "bin", "actionlint")
	}
	if _, err := os.Stat(lint); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("actionlint is not installed (make lint installs it)")
		}
		t.Skip("actionlint is not installed")
	}
	if out, err := exec.Command(lint, p).CombinedOutput(); err != nil {
		t.Errorf("actionlint: %v\n%s", err, out)
	}
}

// The comment step, run against a fake gh on PATH: the first push adds one comment holding the plan, the
// second edits that same comment, and neither touches the other comments. The plan is text a shell would
// run if it were put into the script: it reaches the comment as it is, and runs nothing.
func TestExamplePlanWorkflowKeepsOneComment(t *testing.T) {
	t.Parallel()
	pr := newPR(t)
	first := "## atender kb sync — plan (dry run)\n\n| 1 | 0 |\n\n$(touch pwned) `touch pwned2` \"; touch pwned3 '\n"
	if got := pr.post(t, first); len(got) != 1 || got[0] != "pr comment 42 --repo acme/docs --body-file "+filepath.Join(pr.dir, "runner", "kb-plan-comment.md") {
		t.Fatalf("first push: gh calls %q, want one pr comment", got)
	}
	c := pr.comments(t)
	if len(c) != 3 || !strings.HasPrefix(c["9"], "<!-- atender:kb-plan -->\n"+first) || !strings.Contains(c["9"], "https://github.example/acme/docs/actions/runs/1") {
		t.Fatalf("comments after the first push: %q", c)
	}
	for _, f := range []string{"pwned", "pwned2", "pwned3"} {
		if _, err := os.Stat(filepath.Join(pr.dir, f)); err == nil {
			t.Errorf("the plan's text ran as shell (%s exists)", f)
		}
	}

	second := "## atender kb sync — plan (dry run)\n\n| 0 | 1 |\n"
	if got := pr.post(t, second); len(got) != 1 || !strings.HasPrefix(got[0], "api --method PATCH repos/acme/docs/issues/comments/9 -F body=@") {
		t.Fatalf("second push: gh calls %q, want the one comment edited", got)
	}
	c = pr.comments(t)
	if len(c) != 3 || !strings.HasPrefix(c["9"], "<!-- atender:kb-plan -->\n"+second) || strings.Contains(c["9"], "| 1 | 0 |") {
		t.Fatalf("comments after the second push: %q", c)
	}
	if c["7"] != "<!-- atender:kb-plan -->\nquoting the bot" || c["8"] != "## Test results\n\nall green" {
		t.Errorf("another comment was changed: %q", c)
	}

	// A listing that fails fails the step, and adds no second comment.
	if got, err := pr.run(t, second, "GH_FAIL_LIST=1"); err == nil || len(got) != 0 {
		t.Errorf("a failed listing: step error %v, gh calls %q; want a failed step and no comment", err, got)
	}

	// A plan longer than a comment may be keeps what is in view and points to the run.
	long := second + "\n<details><summary>Articles: 5000 changes</summary>\n\n" + strings.Repeat("| create | [A](https://kb.example/a) | a.md |  | planned |\n", 5000) + "\n</details>\n"
	pr.post(t, long)
	body := pr.comments(t)["9"]
	if len(body) > 65536 || !strings.HasPrefix(body, "<!-- atender:kb-plan -->\n"+second) || strings.Contains(body, "| create |") ||
		!strings.Contains(body, "longer than a comment can be: see the job summary of https://github.example/acme/docs/actions/runs/1") {
		t.Errorf("a long plan's comment (%d bytes):\n%.2000s", len(body), body)
	}
	ids := []string{}
	for id := range pr.comments(t) {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if strings.Join(ids, " ") != "7 8 9" {
		t.Errorf("comments %v, want the two others and the one plan", ids)
	}
}
