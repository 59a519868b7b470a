// Package script runs the testscript scenarios of testdata/script: the real binary against an emulator on
// loopback. A package of its own, so that the binary each scenario runs links no test code but this
// harness (the schema validator of internal/cli's tests cost every command 20 ms of start-up under -race).
package script_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/kb/fakeclock"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"atender": func() {
			// The real binary, but on a fake clock: back-off and Retry-After are decided and recorded as in
			// production, and take no wall time.
			f := cmdutil.New()
			f.ClientOptions = func(o *kb.Options) { o.Clock = fakeclock.New() }
			os.Exit(cli.MainWith(f, os.Args[1:]))
		},
	})
}

var update = flag.Bool("update", false, "rewrite golden files in testdata/script from actual output")

// TestScripts runs the real binary against an emulator on loopback, one scenario per .txtar file.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "../../../testdata/script",
		UpdateScripts:       *update,
		RequireExplicitExec: false,
		Setup: func(env *testscript.Env) error {
			env.Values["emu"] = &emuHolder{}
			env.Setenv("NO_COLOR", "1")
			env.Setenv("GORACE", quickRaceExit(os.Getenv("GORACE")))
			wd, _ := os.Getwd()
			env.Setenv("EXAMPLES", wd+"/../../../examples")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"emulator": cmdEmulator,
			"emu":      cmdEmu,
			"nosecret": cmdNoSecret,
			"replace":  cmdReplace,
			"cpdir":    cmdCpdir,
			"waitfor":  cmdWaitFor,
			"waitexit": cmdWaitExit,
			"setenvnl": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 2 {
					ts.Fatalf("usage: setenvnl NAME VALUE")
				}
				ts.Setenv(args[0], args[1]+"\n")
			},
		},
	})
}

// quickRaceExit returns the GORACE options for the commands a script runs: the user's own, plus a 10 ms
// wait at exit unless they chose one. A -race binary otherwise sleeps a full second before exiting
// (atexit_sleep_ms defaults to 1000), and a script runs the binary a dozen times: most of this package's
// wall time was those sleeps. Races are still detected and reported while a command runs.
func quickRaceExit(gorace string) string {
	if strings.Contains(gorace, "atexit_sleep_ms=") {
		return gorace
	}
	return strings.TrimSpace(gorace + " atexit_sleep_ms=10")
}

type emuHolder struct {
	h    *emulatortest.Server
	gate *writeGate
}

// writeGate holds article creates until released, so a script can interrupt a sync while writes are in
// flight without racing a timer. A held request whose client went away is dropped, never applied.
type writeGate struct {
	next    http.Handler
	held    atomic.Int32
	arrived chan struct{} // one send per create held, so `emu held` waits without polling
	release chan struct{}
}

func (g *writeGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/articles") {
		g.held.Add(1)
		select {
		case g.arrived <- struct{}{}:
		default: // nobody waits and the buffer is full: the count still says it
		}
		select {
		case <-g.release:
		case <-r.Context().Done():
			return
		}
	}
	g.next.ServeHTTP(w, r)
}

func holder(ts *testscript.TestScript) *emuHolder { return ts.Value("emu").(*emuHolder) }

// emulator [-tier T] [-latency D] [-fault-rate P] [-lost-rate P] [-window D] [-seed N] [-shape S]
// [-limiter window|bucket] [-other-client N (requests per window)]
// starts an emulator for this script and sets ATENDER_BASE_URL, KEY_WRITE, KEY_READ, KEY_LIVE (a production
// key, which this sandbox host refuses) and KEY_UNKNOWN.
func cmdEmulator(ts *testscript.TestScript, neg bool, args []string) {
	fs := flag.NewFlagSet("emulator", flag.ContinueOnError)
	tier := fs.String("tier", "unlimited", "")
	latency := fs.Duration("latency", 0, "")
	fault := fs.Float64("fault-rate", 0, "")
	lost := fs.Float64("lost-rate", 0, "")
	window := fs.Duration("window", time.Minute, "")
	seed := fs.Uint64("seed", 1, "")
	shape := fs.String("shape", "", "")
	limiter := fs.String("limiter", "", "")
	other := fs.Int("other-client", 0, "")
	hold := fs.Bool("hold-writes", false, "")
	if err := fs.Parse(args); err != nil {
		ts.Fatalf("emulator: %v", err)
	}
	shapes, err := emulatortest.ParseShapes(*shape)
	if err != nil {
		ts.Fatalf("emulator: %v", err)
	}
	t, ok := facts.Tiers[*tier]
	if !ok {
		ts.Fatalf("unknown tier %s", *tier)
	}
	s := emulatortest.MustNew(emulatortest.Options{Tier: t, Latency: *latency, FaultRate: *fault, LostReplyRate: *lost, Window: *window, Seed: *seed, Shapes: shapes,
		Limiter: *limiter, OtherClient: *other})
	var handler http.Handler = s
	if *hold {
		g := &writeGate{next: s, release: make(chan struct{}), arrived: make(chan struct{}, 1024)}
		holder(ts).gate, handler = g, g
		ts.Defer(func() {
			select {
			case <-g.release:
			default:
				close(g.release)
			}
		})
	}
	srv := httptest.NewServer(handler)
	ts.Defer(srv.Close)
	write, read, live := emulatortest.NewToken("test"), emulatortest.NewToken("test"), emulatortest.NewToken("live")
	s.AddKey(emulatortest.Key{Token: write, Env: "test", Scopes: []string{facts.ScopeRead, facts.ScopeWrite}})
	s.AddKey(emulatortest.Key{Token: read, Env: "test", Scopes: []string{facts.ScopeRead}})
	s.AddKey(emulatortest.Key{Token: live, Env: "live"})
	ts.Setenv("ATENDER_BASE_URL", srv.URL+facts.BasePath)
	ts.Setenv("EMU_URL", srv.URL)
	ts.Setenv("KEY_WRITE", write)
	ts.Setenv("KEY_READ", read)
	ts.Setenv("KEY_LIVE", live)
	ts.Setenv("KEY_UNKNOWN", emulatortest.NewToken("test"))
	holder(ts).h = s
}

// emu SUBCOMMAND … inspects or steers the running emulator.
func cmdEmu(ts *testscript.TestScript, neg bool, args []string) {
	s := holder(ts).h
	if s == nil {
		ts.Fatalf("emu: no emulator started")
	}
	if len(args) == 0 {
		ts.Fatalf("emu: missing subcommand")
	}
	check := func(what string, got, want int) {
		if (got == want) == neg {
			ts.Fatalf("%s = %d, want %s%d", what, got, map[bool]string{true: "not ", false: ""}[neg], want)
		}
	}
	atoi := func(s string) int {
		n, err := strconv.Atoi(s)
		if err != nil {
			ts.Fatalf("emu: %q is not a number", s)
		}
		return n
	}
	switch args[0] {
	case "storm": // emu storm N [RETRY_AFTER]
		ra := 1
		if len(args) > 2 {
			ra = atoi(args[2])
		}
		s.Storm429(atoi(args[1]), ra)
	case "faults": // emu faults FAULT_RATE LOST_RATE
		f, _ := strconv.ParseFloat(args[1], 64)
		l, _ := strconv.ParseFloat(args[2], 64)
		s.SetFaults(f, l)
	case "shape": // emu shape SHAPES: switch reply shapes (atender emulator --shape names, comma-separated; "" for none)
		sh, err := emulatortest.ParseShapes(args[1:]...)
		if err != nil {
			ts.Fatalf("emu shape: %v", err)
		}
		s.SetShapes(sh)
	case "other-client": // emu other-client N: another client spends N requests per window of every key
		s.SetOtherClient(atoi(args[1]))
	case "held": // emu held N: wait (up to 20 s) until N article creates are held (emulator -hold-writes)
		g := holder(ts).gate
		if g == nil {
			ts.Fatalf("emu held: start the emulator with -hold-writes")
		}
		n := atoi(args[1])
		deadline := time.After(20 * time.Second)
		for int(g.held.Load()) < n {
			select {
			case <-g.arrived:
			case <-deadline:
				ts.Fatalf("%d article creates held after 20 s, want %d", g.held.Load(), n)
			}
		}
	case "release": // emu release: let held and future article creates through
		if g := holder(ts).gate; g != nil {
			select {
			case <-g.release:
			default:
				close(g.release)
			}
		}
	case "reset-log":
		s.ResetLog()
	case "count": // emu count "PATCH /articles/{id}" N
		check("requests to "+args[1], s.Counts()[args[1]], atoi(args[2]))
	case "requests": // emu requests N
		check("requests", len(s.Log()), atoi(args[1]))
	case "writes": // emu writes N
		check("writes", s.Writes(), atoi(args[1]))
	case "probes": // emu probes N: change-nothing write probes (counted in writes too)
		check("write probes", s.Probes(), atoi(args[1]))
	case "articles": // emu articles N (archived included)
		check("articles", len(s.Articles()), atoi(args[1]))
	case "status": // emu status SLUG STATUS
		for _, a := range s.Articles() {
			if a.Slug == args[1] {
				if (a.Status == args[2]) == neg {
					ts.Fatalf("article %s has status %s", args[1], a.Status)
				}
				return
			}
		}
		ts.Fatalf("no article with slug %s", args[1])
	case "has": // emu has SLUG: an article with that slug exists
		found := false
		for _, a := range s.Articles() {
			found = found || a.Slug == args[1]
		}
		if found == neg {
			ts.Fatalf("article with slug %s exists: %v", args[1], found)
		}
	case "field": // emu field SLUG FIELD SUBSTRING
		for _, a := range s.Articles() {
			if a.Slug == args[1] {
				b, _ := json.Marshal(a)
				var m map[string]any
				json.Unmarshal(b, &m)
				got := fmt.Sprint(m[args[2]])
				if strings.Contains(got, args[3]) == neg {
					ts.Fatalf("article %s field %s = %q; want it to contain %q", args[1], args[2], got, args[3])
				}
				return
			}
		}
		ts.Fatalf("no article with slug %s", args[1])
	case "last-body": // emu last-body METHOD: print the body of the last request with that method
		log := s.Log()
		for i := len(log) - 1; i >= 0; i-- {
			if log[i].Method == args[1] {
				ts.Stdout().Write([]byte(log[i].Body + "\n"))
				return
			}
		}
		ts.Fatalf("no %s request logged", args[1])
	case "no-duplicates": // every article slug is unique and none ends in -1, -2 … of another's slug
		slugs := map[string]bool{}
		for _, a := range s.Articles() {
			slugs[a.Slug] = true
		}
		for sl := range slugs {
			if i := strings.LastIndex(sl, "-"); i > 0 {
				if _, err := strconv.Atoi(sl[i+1:]); err == nil && slugs[sl[:i]] {
					ts.Fatalf("duplicate article: %s beside %s", sl, sl[:i])
				}
			}
		}
	case "seed-article": // emu seed-article CATEGORY_SLUG SLUG TITLE [STATUS]
		snap := s.Snapshot()
		var catID string
		for _, c := range snap.Categories {
			if c.Slug == args[1] {
				catID = c.ID
			}
		}
		if catID == "" {
			catID = fmt.Sprintf("cat_seed_%s", args[1])
			snap.Categories = append(snap.Categories, emulatortest.Category{ID: catID, Slug: args[1], Title: args[1]})
		}
		st := facts.StatusPublished
		if len(args) > 4 {
			st = args[4]
		}
		snap.Articles = append(snap.Articles, emulatortest.Article{ID: "art_seed_" + args[2], Slug: args[2], Title: args[3], Content: "seeded", CategoryID: catID, Status: st})
		s.Seed(snap)
	case "edit": // emu edit SLUG FIELD VALUE: an edit made in the Atender editor
		snap := s.Snapshot()
		found := false
		for i := range snap.Articles {
			a := &snap.Articles[i]
			if a.Slug != args[1] {
				continue
			}
			found = true
			switch args[2] {
			case "title":
				a.Title = args[3]
			case "summary":
				a.Summary = args[3]
			case "content":
				a.Content = args[3]
			case "status":
				a.Status = args[3]
			default:
				ts.Fatalf("emu edit: unknown field %s", args[2])
			}
		}
		if !found {
			ts.Fatalf("no article with slug %s", args[1])
		}
		s.Seed(snap)
	case "wait-articles": // emu wait-articles N: wait (up to 20 s) until the emulator holds at least N articles
		n := atoi(args[1])
		deadline := time.After(20 * time.Second)
		for {
			logged := s.Logged() // taken before the check, so a create between the two is not missed
			if len(s.Articles()) >= n {
				break
			}
			select {
			case <-logged:
			case <-deadline:
				ts.Fatalf("the emulator holds %d articles after 20 s, want %d", len(s.Articles()), n)
			}
		}
	case "dump":
		b, _ := json.MarshalIndent(s.Articles(), "", "  ")
		ts.Stdout().Write(b)
	default:
		ts.Fatalf("emu: unknown subcommand %s", args[0])
	}
}

// replace FILE OLD NEW replaces every line of FILE that is exactly OLD with NEW (a portable `sed -i`). It
// fails when no line matched, so a script cannot silently test nothing.
func cmdReplace(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 || neg {
		ts.Fatalf("usage: replace FILE OLD-LINE NEW-LINE")
	}
	path := ts.MkAbs(args[0])
	b, err := os.ReadFile(path)
	ts.Check(err)
	lines := strings.Split(string(b), "\n")
	n := 0
	for i, l := range lines {
		if l == args[1] {
			lines[i], n = args[2], n+1
		}
	}
	if n == 0 {
		ts.Fatalf("replace: no line of %s is %q", args[0], args[1])
	}
	ts.Check(os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644))
}

// cpdir SRC DST copies a directory tree (a portable `cp -r`).
func cmdCpdir(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 || neg {
		ts.Fatalf("usage: cpdir SRC DST")
	}
	src, dst := ts.MkAbs(args[0]), ts.MkAbs(args[1])
	ts.Check(filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	}))
}

// waitfor FILE [REGEXP] waits (up to 20 s) until FILE exists and is not empty, or holds a match of REGEXP:
// what a background command has written so far, for a script to act on it without guessing how long it
// takes. The file is read again every 5 ms.
func cmdWaitFor(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 1 || len(args) > 2 || neg {
		ts.Fatalf("usage: waitfor FILE [REGEXP]")
	}
	var re *regexp.Regexp
	if len(args) == 2 {
		var err error
		if re, err = regexp.Compile(args[1]); err != nil {
			ts.Fatalf("waitfor: %v", err)
		}
	}
	path := ts.MkAbs(args[0])
	var b []byte
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		b, _ = os.ReadFile(path)
		if len(b) > 0 && (re == nil || re.Match(b)) {
			return
		}
	}
	ts.Fatalf("waitfor: after 20 s %s holds %q", args[0], b)
}

// waitexit PIDFILE waits (up to 20 s) until the process whose id PIDFILE holds has ended, checking every
// 5 ms (Unix only, as the scripts that use it).
func cmdWaitExit(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 || neg {
		ts.Fatalf("usage: waitexit PIDFILE")
	}
	pid, err := strconv.Atoi(strings.TrimSpace(ts.ReadFile(args[0])))
	if err != nil {
		ts.Fatalf("waitexit: %v", err)
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if exited(pid) {
			return
		}
	}
	ts.Fatalf("waitexit: process %d still runs after 20 s", pid)
}

// exited says whether process pid has ended: it is gone, or it is a zombie. A process a script starts with
// `sh -c '… &'` belongs to the machine's init once sh exits, and a zombie answers signal 0 until that init
// reaps it: a container's init may take a second or more (emulator.txtar waited 1.5 s for it, not for the
// emulator). Linux says so in /proc/PID/stat; elsewhere signal 0 decides.
func exited(pid int) bool {
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		// "PID (COMMAND) STATE …": the command may hold spaces and parentheses, the state follows the last ')'
		if i := strings.LastIndexByte(string(b), ')'); i >= 0 && i+2 < len(b) && b[i+2] == 'Z' {
			return true
		}
	}
	p, err := os.FindProcess(pid)
	return err != nil || p.Signal(syscall.Signal(0)) != nil
}

// nosecret checks that no full key of this script appears in the last command's stdout or stderr.
func cmdNoSecret(ts *testscript.TestScript, neg bool, args []string) {
	for _, name := range []string{"stdout", "stderr"} {
		out := ts.ReadFile(name)
		for _, k := range []string{"KEY_WRITE", "KEY_READ", "KEY_LIVE", "KEY_UNKNOWN", "ATENDER_API_KEY"} {
			v := strings.TrimSpace(ts.Getenv(k))
			if len(v) > 8 && strings.Contains(out, v) {
				ts.Fatalf("%s shows the full key %s", name, k)
			}
		}
	}
}

var _ = http.StatusOK
