package app_test

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// script is the PostgreSQL check `make run` and `make test` run first.
const script = "../../scripts/ensure-postgres.sh"

// runScript runs the script with only the given environment (and PATH), returning its output and exit error.
func runScript(t *testing.T, path string, vars map[string]string, args ...string) (string, error) {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	cmd := exec.Command("bash", append([]string{script}, args...)...)
	cmd.Env = []string{"PATH=" + path}
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestEnsurePostgresTargetsDatabaseURL(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		env  map[string]string
		want string
	}{
		"Default":                     {nil, "127.0.0.1 5432 local"},
		"PGHostAndPort":               {map[string]string{"PGHOST": "db.internal", "PGPORT": "6543"}, "db.internal 6543 remote"},
		"URLWins":                     {map[string]string{"PGHOST": "db.internal", "PGPORT": "6543", "DATABASE_URL": "postgres://app:secret@db.example.com:6432/sembang?sslmode=require"}, "db.example.com 6432 remote"},
		"URLWithoutPortUsesPGPORT":    {map[string]string{"PGPORT": "6000", "DATABASE_URL": "postgres://app@10.0.0.5/sembang"}, "10.0.0.5 6000 remote"},
		"URLWithoutPort":              {map[string]string{"DATABASE_URL": "postgresql://app@pg.example/sembang"}, "pg.example 5432 remote"},
		"URLWithoutHostUsesPGHOST":    {map[string]string{"PGHOST": "db.internal", "DATABASE_URL": "postgres://app@:7000/sembang"}, "db.internal 7000 remote"},
		"PasswordWithAtAndColon":      {map[string]string{"DATABASE_URL": "postgres://app:p%40ss:w@rd@db.example.com:6432/sembang"}, "db.example.com 6432 remote"},
		"LocalhostIsLocal":            {map[string]string{"DATABASE_URL": "postgres://sembang_app@localhost:5433/sembang?sslmode=disable"}, "localhost 5433 local"},
		"IPv6":                        {map[string]string{"DATABASE_URL": "postgres://app@[::1]:5434/sembang"}, "::1 5434 local"},
		"IPv6WithoutPort":             {map[string]string{"DATABASE_URL": "postgres://app@[2001:db8::5]/sembang"}, "2001:db8::5 5432 remote"},
		"FirstOfSeveralHosts":         {map[string]string{"DATABASE_URL": "postgres://app@h1.example:5001,h2.example:5002/sembang"}, "h1.example 5001 remote"},
		"SocketDirectoryInQuery":      {map[string]string{"DATABASE_URL": "postgres:///sembang?host=%2Fvar%2Frun%2Fpostgresql&port=5435"}, "/var/run/postgresql 5435 local"},
		"KeyValueConnectionString":    {map[string]string{"DATABASE_URL": "host=pg.example port=7001 user=app dbname=sembang"}, "pg.example 7001 remote"},
		"QueryHostOverridesAuthority": {map[string]string{"DATABASE_URL": "postgres://app@ignored:1/sembang?sslmode=disable&host=db.example.com&port=6000"}, "db.example.com 6000 remote"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out, err := runScript(t, os.Getenv("PATH"), tc.env, "--print-target")
			if err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if got := strings.TrimSpace(out); got != tc.want {
				t.Errorf("target = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestEnsurePostgresChecksARemoteServerWithoutTheClient runs the check on a machine with no PostgreSQL client
// (no pg_isready on PATH) against an address of this machine that is not loopback, so it counts as remote.
func TestEnsurePostgresChecksARemoteServerWithoutTheClient(t *testing.T) {
	t.Parallel()
	ip := nonLoopbackIP(t)
	bin := t.TempDir()
	for _, name := range []string{"bash", "timeout", "cat"} {
		p, err := exec.LookPath(name)
		if err != nil {
			t.Skipf("no %s", name)
		}
		if err := os.Symlink(p, filepath.Join(bin, name)); err != nil {
			t.Fatal(err)
		}
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()

	t.Run("Answers", func(t *testing.T) {
		out, err := runScript(t, bin, map[string]string{"DATABASE_URL": "postgres://app@" + ip + ":" + port + "/sembang"})
		if err != nil {
			t.Fatalf("a listening remote server: %v: %s", err, out)
		}
	})

	ln.Close()
	t.Run("DoesNotAnswer", func(t *testing.T) {
		out, err := runScript(t, bin, map[string]string{"DATABASE_URL": "postgres://app@" + ip + ":" + port + "/sembang"})
		if err == nil {
			t.Fatalf("a closed port passed: %s", out)
		}
		for _, want := range []string{"does not answer at " + ip + ":" + port + " (from DATABASE_URL)", "to use a PostgreSQL on this", "ADMIN_DATABASE_URL"} {
			if !strings.Contains(out, want) {
				t.Errorf("message lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, "Installing") {
			t.Errorf("tried to install PostgreSQL for a remote server:\n%s", out)
		}
	})
}

func nonLoopbackIP(t *testing.T) string {
	t.Helper()
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() && !n.IP.IsLinkLocalUnicast() {
			return n.IP.String()
		}
	}
	t.Skip("no non-loopback IPv4 address to stand for a remote server")
	return ""
}
