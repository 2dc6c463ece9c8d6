package main

import (
	"bufio"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestUsersAndTokensCLI: accounts and tokens from the command line, and a
// token that works on the API of the server started afterwards.
func TestUsersAndTokensCLI(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	out, errs, code := runCLI(t, "kuda-laut-biru-2026\n", "users", "add", "--data", data, "--email", "Pengelola@Surabaya.go.id",
		"--role", "pengelola", "--institution", "35.78", "--password-stdin")
	if code != 0 || !strings.Contains(out, "pengelola@surabaya.go.id (pengelola 35.78 (Pemerintah Kota Surabaya))") {
		t.Fatalf("users add: %d %s %s", code, out, errs)
	}
	for _, c := range []struct {
		args  []string
		stdin string
		want  string
	}{
		{[]string{"--email", "a@b.go.id", "--role", "bupati", "--password-stdin"}, "kuda-laut-biru-2026\n", `unknown role "bupati"`},
		{[]string{"--email", "a@b.go.id", "--role", "pengelola", "--institution", "99.99", "--password-stdin"}, "kuda-laut-biru-2026\n", "known institution code"},
		{[]string{"--email", "a@b.go.id", "--role", "pengelola", "--institution", "35.78", "--password-stdin"}, "indonesia123\n", "commonly used"},
		{[]string{"--email", "pengelola@surabaya.go.id", "--role", "admin", "--password-stdin"}, "kuda-laut-biru-2026\n", "exists"},
		{[]string{"--email", "bukan-email", "--role", "admin", "--password-stdin"}, "kuda-laut-biru-2026\n", "not an e-mail address"},
	} {
		_, errs, code := runCLI(t, c.stdin, append([]string{"users", "add", "--data", data}, c.args...)...)
		if code != 1 || !strings.Contains(errs, c.want) {
			t.Errorf("users add %v: exit %d, stderr %q, want %q", c.args, code, errs, c.want)
		}
	}
	out, _, code = runCLI(t, "", "users", "add", "--data", data, "--email", "verifikator@menpan.go.id", "--role", "verifikator", "--provinces", "35,pusat")
	pw := regexp.MustCompile(`generated password: (\S+)`).FindStringSubmatch(out)
	if code != 0 || pw == nil || len(pw[1]) < 16 {
		t.Fatalf("users add with a generated password: %d %s", code, out)
	}
	if out, _, _ := runCLI(t, "", "users", "set-role", "--data", data, "--email", "verifikator@menpan.go.id", "--role", "verifikator", "--sources", "panrb"); !strings.Contains(out, "verifikator (sources panrb)") {
		t.Errorf("set-role: %s", out)
	}
	if out, _, _ := runCLI(t, "", "users", "disable", "--data", data, "--email", "verifikator@menpan.go.id"); !strings.Contains(out, "disabled") {
		t.Errorf("disable: %s", out)
	}
	if out, _, code := runCLI(t, "baru-kata-sandi-2026\n", "users", "reset-password", "--data", data, "--email", "pengelola@surabaya.go.id", "--password-stdin"); code != 0 || !strings.Contains(out, "reset") {
		t.Errorf("reset-password: %s", out)
	}
	out, _, _ = runCLI(t, "", "users", "list", "--data", data)
	if !strings.Contains(out, "pengelola@surabaya.go.id") || !strings.Contains(out, "disabled") {
		t.Errorf("users list:\n%s", out)
	}
	if strings.Contains(out, "argon2") {
		t.Error("users list shows a password hash")
	}
	lastLine := func(s string) string {
		lines := strings.Split(strings.TrimSpace(s), "\n")
		return lines[len(lines)-1]
	}
	out, _, code = runCLI(t, "", "tokens", "issue", "--data", data, "--email", "pengelola@surabaya.go.id", "--name", "SIPD")
	token := lastLine(out)
	if code != 0 || !regexp.MustCompile(`^jpn_[A-Za-z0-9_-]{40,}$`).MatchString(token) {
		t.Fatalf("tokens issue: %d %q", code, out)
	}
	out, _, _ = runCLI(t, "", "tokens", "issue", "--data", data, "--email", "pengelola@surabaya.go.id")
	revoked := lastLine(out)
	list, _, _ := runCLI(t, "", "tokens", "list", "--data", data, "--email", "pengelola@surabaya.go.id")
	if !strings.Contains(list, "SIPD") || strings.Contains(list, token[4:]) {
		t.Errorf("tokens list:\n%s", list)
	}
	if out, _, code := runCLI(t, "", "tokens", "revoke", "--data", data, "--id", "t2"); code != 0 || !strings.Contains(out, "revoked") {
		t.Errorf("tokens revoke: %d %s", code, out)
	}
	if _, _, code := runCLI(t, "", "users", "frobnicate"); code != 2 {
		t.Errorf("unknown subcommand: exit %d", code)
	}

	addr := freeAddr(t)
	srv := startServer(t, data, addr)
	defer func() { srv.Process.Kill(); srv.Wait() }()
	for tok, want := range map[string]int{token: 200, revoked: 401, "jpn_salah": 401} {
		req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("token %.8s…: %d, want %d", tok, resp.StatusCode, want)
		}
	}
}

// TestServeDemoAccounts: serve on an empty data directory prints, once,
// three demo accounts with passwords generated at that start, and they
// sign in; the next start prints nothing of the kind.
func TestServeDemoAccounts(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "data")
	addr := freeAddr(t)
	cmd := exec.Command(binary, "serve", "--data", data, "--addr", addr)
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	var printed []string
	sc := bufio.NewScanner(stdout)
	deadline := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
	for sc.Scan() {
		line := sc.Text()
		printed = append(printed, line)
		if strings.HasPrefix(line, "jippnas: listening") {
			break
		}
	}
	deadline.Stop()
	go io.Copy(io.Discard, stdout)
	account := regexp.MustCompile(`^\s+(admin|verifikator|pengelola).*?\s(\S+@jippnas\.example)\s+(\S+)$`)
	creds := map[string][2]string{}
	for _, l := range printed {
		if m := account.FindStringSubmatch(l); m != nil {
			creds[m[1]] = [2]string{m[2], m[3]}
		}
	}
	if len(creds) != 3 || !strings.Contains(strings.Join(printed, "\n"), "/masuk") {
		t.Fatalf("demo accounts not printed:\n%s", strings.Join(printed, "\n"))
	}
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
	}
	for role, c := range creds {
		jar, _ := cookiejar.New(nil)
		client := &http.Client{Jar: jar}
		resp, err := client.Get("http://" + addr + "/masuk")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		tok := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(string(body))
		resp, err = client.PostForm("http://"+addr+"/masuk", url.Values{"csrf": {tok[1]}, "email": {c[0]}, "sandi": {c[1]}})
		if err != nil {
			t.Fatal(err)
		}
		body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), "hub-bar") {
			t.Errorf("%s cannot sign in with the printed password: %d", role, resp.StatusCode)
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	again := exec.Command(binary, "serve", "--data", data, "--addr", addr)
	out, _ := again.StdoutPipe()
	again.Stderr = io.Discard
	if err := again.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { again.Process.Kill(); again.Wait() }()
	first, _ := bufio.NewReader(out).ReadString('\n')
	if !strings.HasPrefix(first, "jippnas: listening") {
		t.Errorf("second start printed %q", first)
	}
}
