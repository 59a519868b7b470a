package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/gittest"
)

// dotenvRepo is a Git repository with docs/ and an empty site/ beside it, and at its root a .env holding
// the key and the base URL; ignored says whether .gitignore names the .env.
func dotenvRepo(t *testing.T, h *emulatortest.Harness, ignored bool) string {
	t.Helper()
	gittest.Need(t)
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull) // no global excludes file of the machine's
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	repo := t.TempDir()
	threeArticles(t, repo)
	gittest.Run(t, repo, "init", "-q")
	gittest.Write(t, repo, ".env", "ATENDER_API_KEY="+h.WriteKey+"\nATENDER_BASE_URL="+h.URL+"\n")
	gittest.Write(t, repo, "site/README.md", "the site\n")
	if ignored {
		gittest.Write(t, repo, ".gitignore", ".env\n")
	}
	return repo
}

func runIn(dir string, env map[string]string, args ...string) (string, string, int) {
	f, out, errOut := cmdutil.NewForTest(env, dir)
	code := cli.Run(context.Background(), f, args)
	return out.String(), errOut.String(), code
}

// `atender kb sync ../docs --dry-run` from a subfolder of a repository finds the key in the git-ignored
// .env at its root, says nothing about it, and --debug names the file.
func TestDryRunFromASubfolderFindsTheRootDotenv(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{})
	repo := dotenvRepo(t, h, true)
	t.Chdir(filepath.Join(repo, "site")) // ../docs is read as the shell would
	stdout, stderr, code := runIn(filepath.Join(repo, "site"), nil, "kb", "sync", "../docs", "--dry-run", "--debug")
	if code != 0 || !strings.Contains(stdout, "+ create") {
		t.Fatalf("exit %d, want 0 with the plan:\n%s\n%s", code, stdout, stderr)
	}
	env := filepath.Join(repo, ".env")
	if !strings.Contains(stderr, "debug: .env file "+env+"\n") || !strings.Contains(stderr, "debug: API key from "+env+"\n") {
		t.Errorf("--debug does not name %s:\n%s", env, stderr)
	}
	if strings.Contains(stderr, "warning:") {
		t.Errorf("a warning for an ignored .env:\n%s", stderr)
	}
}

// A .env with the key that Git would commit is warned about once, naming the file; in GitHub Actions also
// as an annotation.
func TestDotenvNotIgnoredIsWarnedOnce(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{})
	repo := dotenvRepo(t, h, false)
	env := filepath.Join(repo, ".env")
	warning := "warning: " + env + " holds ATENDER_API_KEY but Git does not ignore it: add it to .gitignore"
	docs := filepath.Join(repo, "docs")
	stdout, stderr, code := runIn(repo, nil, "kb", "sync", docs, "--dry-run")
	if code != 0 || strings.Count(stderr, warning) != 1 || strings.Contains(stdout, "::warning") {
		t.Fatalf("exit %d; want 0 and the warning once on stderr, no annotation outside Actions:\n%s\n%s", code, stdout, stderr)
	}
	stdout, stderr, code = runIn(repo, map[string]string{"GITHUB_ACTIONS": "true", "CI": "true"}, "kb", "sync", docs, "--dry-run")
	if code != 0 || strings.Count(stderr, warning) != 1 || strings.Count(stdout, "::warning title=atender::"+env+" holds ATENDER_API_KEY") != 1 {
		t.Fatalf("exit %d; want the warning once on stderr and one annotation in Actions:\n%s\n%s", code, stdout, stderr)
	}
}

// atender doctor names the .env it read and that the key came from it.
func TestDoctorNamesTheDotenv(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{})
	repo := dotenvRepo(t, h, true)
	stdout, stderr, code := runIn(filepath.Join(repo, "site"), nil, "doctor")
	env := filepath.Join(repo, ".env")
	if code != 0 || !strings.Contains(stdout, "; .env file "+env+";") || !strings.Contains(stdout, "from "+env+")") {
		t.Fatalf("exit %d; want the configuration row naming %s and the key row saying the key came from it:\n%s\n%s", code, env, stdout, stderr)
	}
}
