package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/atender/atender/internal/facts"
	"github.com/spf13/pflag"
)

// loader holds what load has read so far, layer by layer.
type loader struct {
	o          LoadOptions
	cfg        *Config
	envPath    string            // the .env file read (or looked for)
	dotenv     map[string]string // its variables; empty when there is none
	fileValues map[string]fileValue
}

// load reads the layers from the bottom up — .env and the key, the config file — checks the variable names,
// then takes every setting from the highest layer that has it and derives what follows from them.
func load(o LoadOptions) (*Config, error) {
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.WorkDir == "" {
		o.WorkDir, _ = os.Getwd()
	}
	l := &loader{o: o, cfg: &Config{}}
	l.readDotenv()
	l.takeKey()
	if err := l.readConfigFile(); err != nil {
		return nil, err
	}
	if err := l.checkVariableNames(); err != nil {
		return nil, err
	}
	for _, s := range Settings {
		if s.set == nil {
			continue
		}
		if err := l.apply(s); err != nil {
			return nil, err
		}
	}
	if err := l.derive(); err != nil {
		return nil, err
	}
	return l.cfg, nil
}

// flag is the value of a flag the user set on the command line.
func (l *loader) flag(name string) (string, bool) {
	if l.o.Flags == nil || name == "" {
		return "", false
	}
	f := l.o.Flags.Lookup(name)
	if f == nil || !f.Changed {
		return "", false
	}
	return f.Value.String(), true
}

// readDotenv reads .env (--env-file, else the working directory's or the nearest one above it up to the
// repository root, so a command run from a subfolder finds the key kept at the root). A .env that cannot be read or parsed
// stops only the commands that need the key (ClientFunc checks DotenvErr): kb validate and kb ls run on,
// with a warning, since they read nothing from it that matters.
func (l *loader) readDotenv() {
	envPath, explicit := l.flag("env-file")
	if !explicit {
		envPath = findUp(l.o.WorkDir, ".env")
		if envPath == "" {
			envPath = filepath.Join(l.o.WorkDir, ".env")
		}
	} else if !filepath.IsAbs(envPath) {
		envPath = filepath.Join(l.o.WorkDir, envPath)
	}
	l.envPath = envPath
	dotenv, err := readDotenv(envPath)
	switch {
	case err == nil:
		l.cfg.DotenvFile = envPath
		if dotenv[KeyEnvVar] != "" && gitExposes(envPath) {
			l.cfg.Annotations = append(l.cfg.Annotations, exposedDotenv(envPath))
		}
	case errors.Is(err, fs.ErrNotExist) && !explicit:
		dotenv = map[string]string{}
	default:
		dotenv = map[string]string{}
		l.cfg.DotenvErr = err
		l.cfg.Warnings = append(l.cfg.Warnings, err.Error()+"; its settings and key are ignored")
	}
	l.dotenv = dotenv
}

// takeKey resolves the key: a real environment variable always beats .env. It is known (o.OnKey) before
// anything else is checked.
func (l *loader) takeKey() {
	cfg := l.cfg
	if k := l.o.Getenv(KeyEnvVar); k != "" {
		cfg.APIKey, cfg.KeySource = k, "environment variable "+KeyEnvVar
	} else if k := l.dotenv[KeyEnvVar]; k != "" {
		cfg.APIKey, cfg.KeySource = k, l.envPath
	}
	if t := strings.TrimSpace(cfg.APIKey); t != cfg.APIKey {
		cfg.APIKey = t
		cfg.Warnings = append(cfg.Warnings, fmt.Sprintf("the API key from %s had spaces or a newline around it; they were trimmed (check how the secret was pasted)", cfg.KeySource))
	}
	if cfg.APIKey != "" && l.o.OnKey != nil {
		l.o.OnKey(cfg.APIKey)
	}
}

// readConfigFile reads the config file: --config or ATENDER_CONFIG (which must exist); else .atender.yaml in
// the working directory, then in DIR and its parents up to the repository root; else none.
func (l *loader) readConfigFile() error {
	cfgPath, explicit := l.flag("config")
	if !explicit {
		if p := l.o.Getenv("ATENDER_CONFIG"); p != "" {
			cfgPath, explicit = p, true
		}
	}
	if explicit {
		if !filepath.IsAbs(cfgPath) {
			cfgPath = filepath.Join(l.o.WorkDir, cfgPath) // relative to the working directory, like the shell's
		}
		if _, err := os.Stat(cfgPath); err != nil {
			return fmt.Errorf("config file %s: %w", cfgPath, err)
		}
	} else {
		cfgPath = discover(l.o.WorkDir, l.o.Dir)
	}
	if cfgPath == "" {
		return nil
	}
	fv, err := readConfigFile(cfgPath)
	if err != nil {
		return err
	}
	l.fileValues, l.cfg.ConfigFile = fv, cfgPath
	return nil
}

// checkVariableNames makes a misspelt ATENDER_ variable an error, in the environment as in .env.
func (l *loader) checkVariableNames() error {
	if l.o.Environ != nil {
		var names []string
		for _, kv := range l.o.Environ() {
			if k, v, ok := strings.Cut(kv, "="); ok && v != "" {
				names = append(names, k)
			}
		}
		if err := checkVariables(names, "environment"); err != nil {
			return err
		}
	}
	var dotNames []string
	for k := range l.dotenv {
		dotNames = append(dotNames, k)
	}
	return checkVariables(dotNames, l.envPath)
}

// apply sets one setting from the highest layer that has it (flag > environment > .env > config file >
// default); an error names that layer.
func (l *loader) apply(s Setting) error {
	raw, from, err := l.layer(s)
	if err != nil {
		return err
	}
	val, err := s.parse(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", from, err)
	}
	s.set(l.cfg, val)
	return nil
}

// layer is a setting's raw value and where it came from. A `path:` in the config file must stay inside the
// repository (checkFilePath).
func (l *loader) layer(s Setting) (raw any, from string, err error) {
	if fv, ok := l.flag(s.Flag); ok {
		if sv, ok := l.o.Flags.Lookup(s.Flag).Value.(pflag.SliceValue); ok {
			return sv.GetSlice(), "--" + s.Flag, nil
		}
		return fv, "--" + s.Flag, nil
	}
	if ev := l.o.Getenv(s.Env); ev != "" {
		return ev, s.Env, nil
	}
	if dv, ok := l.dotenv[s.Env]; ok && dv != "" {
		return dv, s.Env + " in " + l.envPath, nil
	}
	if fv, ok := l.fileValues[s.Key]; ok {
		if p, isString := fv.raw.(string); isString && s.Key == "path" {
			if err := checkFilePath(l.cfg.ConfigFile, fv.line, p, l.o.WorkDir); err != nil {
				return nil, "", err
			}
		}
		return fv.raw, fmt.Sprintf("%s:%d: %s", l.cfg.ConfigFile, fv.line, s.Key), nil
	}
	return s.Default, "default", nil
}

// derive checks and completes what follows from the settings: the environment's name, the base URL (given,
// or the environment's), the default output (github in GitHub Actions).
func (l *loader) derive() error {
	cfg := l.cfg
	cfg.Env = strings.ToLower(cfg.Env)
	if _, ok := facts.EnvBaseURLs[cfg.Env]; !ok {
		return fmt.Errorf("unknown environment %q: use prod, staging or dev (or --base-url for another host)", cfg.Env)
	}
	if cfg.BaseURL != "" {
		cfg.BaseURLExplicit = true
		if err := checkBaseURL(cfg.BaseURL); err != nil {
			return err
		}
		cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	} else {
		cfg.BaseURL = facts.EnvBaseURLs[cfg.Env]
	}
	if cfg.Output == "" {
		cfg.Output = OutputText
		if l.o.Actions {
			cfg.Output = OutputGitHub
		}
	}
	return nil
}
