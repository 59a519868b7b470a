package action

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"
)

// workflow is what the tests read of a GitHub Actions workflow file.
type workflow struct {
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Concurrency *struct {
		Group            string `yaml:"group"`
		CancelInProgress bool   `yaml:"cancel-in-progress"`
	} `yaml:"concurrency"`
	Jobs map[string]struct {
		Steps []struct {
			ID   string            `yaml:"id"`
			Name string            `yaml:"name"`
			If   string            `yaml:"if"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
			Env  map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// Two syncs of one KB at once both list it before either writes, both create every new article, and
// Atender suffixes the second slug: a published duplicate of each. So every example workflow that syncs
// sits in a concurrency group, and a newer run waits instead of cancelling one mid-write.
func TestExampleSyncWorkflowsNeverOverlap(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join(root, "examples", "github-actions", "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no example workflows (%v)", err)
	}
	syncs := 0
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var w workflow
		if err := yaml.Unmarshal(b, &w); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		writes := false
		for _, j := range w.Jobs {
			for _, s := range j.Steps {
				writes = writes || strings.HasPrefix(s.Uses, "atender/atender@") && s.With["command"] == "sync"
			}
		}
		if !writes {
			continue
		}
		syncs++
		switch {
		case w.Concurrency == nil || w.Concurrency.Group == "":
			t.Errorf("%s syncs without a concurrency group: two pushes in quick succession would create duplicates", filepath.Base(p))
		case w.Concurrency.CancelInProgress:
			t.Errorf("%s cancels a sync in progress: a newer run must wait, not stop one mid-write", filepath.Base(p))
		}
	}
	if syncs == 0 {
		t.Fatal("no example workflow syncs; the check would be empty")
	}
}

// The result file is uploaded even when the sync failed (that is when it is needed), and the examples
// say how to pin the action by commit.
func TestExampleWorkflowsUploadOnFailureAndPin(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join(root, "examples", "github-actions", "*.yml"))
	uploads := 0
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var w workflow
		if err := yaml.Unmarshal(b, &w); err != nil {
			t.Fatal(err)
		}
		for _, j := range w.Jobs {
			for _, s := range j.Steps {
				if strings.HasPrefix(s.Uses, "actions/upload-artifact@") {
					uploads++
					if !strings.Contains(s.If, "always()") {
						t.Errorf("%s: upload-artifact without if: always() loses the result of a failed sync", filepath.Base(p))
					}
				}
			}
		}
		if strings.Contains(string(b), "atender/atender@") && !strings.Contains(string(b), "commit SHA") {
			t.Errorf("%s uses the action without saying how to pin it by commit SHA", filepath.Base(p))
		}
	}
	if uploads == 0 {
		t.Fatal("no example uploads the result; the check would be empty")
	}
}

// The review example renders the help center on pull requests and uploads it, needing no secret.
func TestExamplePreviewWorkflowRendersAndUploads(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join(root, "examples", "github-actions", "kb-preview.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := yaml.Unmarshal(b, &w); err != nil {
		t.Fatal(err)
	}
	if _, ok := w.On["pull_request"]; !ok {
		t.Error("kb-preview.yml does not run on pull requests")
	}
	out, uploaded := "", ""
	for _, j := range w.Jobs {
		for _, s := range j.Steps {
			if f := strings.Fields(s.Run); len(f) >= 3 && f[0] == "atender" && f[1] == "kb" && f[2] == "render" {
				for i := range f[:len(f)-1] {
					if f[i] == "--out" {
						out = f[i+1]
					}
				}
			}
			if strings.HasPrefix(s.Uses, "actions/upload-artifact@") {
				uploaded = s.With["path"]
			}
		}
	}
	if out == "" || uploaded != out {
		t.Errorf("renders to %q, uploads %q: the artifact must be the rendered site", out, uploaded)
	}
	if strings.Contains(string(b), "secrets.") {
		t.Error("the preview workflow uses a secret: it must work for pull requests from forks")
	}
}
