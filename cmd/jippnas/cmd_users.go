package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"jippnas/content/hub"
)

// withHub parses a subcommand's flags, then opens the store and the hub
// of its data directory (no index: accounts and tokens do not need one)
// for fn.
func withHub(fs *flag.FlagSet, cfg *appConfig, args []string, fn func(h *hub.Hub) error) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openStore(*cfg, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	h, err := openHub(st, 0)
	if err != nil {
		return err
	}
	return fn(h)
}

// subcommand runs one of the subcommands of a command group.
func subcommand(group string, subs map[string]func(args []string) error, args []string, stderr io.Writer) error {
	if len(args) == 0 || subs[args[0]] == nil {
		names := make([]string, 0, len(subs))
		for n := range subs {
			names = append(names, n)
		}
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprintf(stderr, "Usage: jippnas %s SUBCOMMAND [flags] (%s); SUBCOMMAND --help for its flags\n", group, strings.Join(sortedStrings(names), ", "))
			return flag.ErrHelp
		}
		fmt.Fprintf(stderr, "Usage: jippnas %s SUBCOMMAND [flags] (%s)\n", group, strings.Join(sortedStrings(names), ", "))
		return errUsage
	}
	return subs[args[0]](args[1:])
}

func sortedStrings(s []string) []string {
	slices.Sort(s)
	return s
}

// readPassword reads a password from the first line of stdin, or makes
// one up (and says so) when --password-stdin is not given.
func readPassword(fromStdin bool, stdin io.Reader) (pw string, generated bool, err error) {
	if !fromStdin {
		pw, err = hub.GeneratePassword()
		return pw, true, err
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", false, err
	}
	pw = strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", false, errors.New("--password-stdin: no password on standard input")
	}
	return pw, false, nil
}

// roleFlags are the flags that describe a role.
type roleFlags struct {
	role, institution, sources, provinces *string
}

func addRoleFlags(fs *flag.FlagSet) roleFlags {
	return roleFlags{
		role:        fs.String("role", "", "admin, verifikator or pengelola"),
		institution: fs.String("institution", "", "pengelola: the institution code (e.g. 35.78 for Kota Surabaya, kemenkes)"),
		sources:     fs.String("sources", "", "verifikator: comma-separated source programmes in scope (panrb, kemendagri, lan, jippnas); empty: all"),
		provinces:   fs.String("provinces", "", "verifikator: comma-separated province codes in scope (pusat: ministries and agencies); empty: all"),
	}
}

func (r roleFlags) input(email string) hub.AccountInput {
	return hub.AccountInput{Email: email, Role: hub.Role(*r.role), Institution: *r.institution,
		Sources: splitList(*r.sources), Provinces: splitList(*r.provinces)}
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func cmdUsers(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	// accountCommand is a subcommand about one account (--email).
	accountCommand := func(name, synopsis string) (*flag.FlagSet, *appConfig, *string) {
		fs := newFlags(name, synopsis, stderr)
		cfg := &appConfig{}
		cfg.register(fs)
		return fs, cfg, fs.String("email", "", "the account's e-mail address")
	}
	// withAccount runs fn once the flags are parsed, --email is given and
	// the hub is open.
	withAccount := func(fs *flag.FlagSet, cfg *appConfig, email *string, args []string, fn func(h *hub.Hub) error) error {
		return withHub(fs, cfg, args, func(h *hub.Hub) error {
			if *email == "" {
				fmt.Fprintln(stderr, "--email is required")
				fs.Usage()
				return errUsage
			}
			return fn(h)
		})
	}
	subs := map[string]func([]string) error{
		"add": func(args []string) error {
			fs, cfg, email := accountCommand("users add", "users add --email E --role ROLE [--institution CODE] [--sources S] [--provinces P] [--name N] [--password-stdin]")
			name := fs.String("name", "", "display name (default: the part of the e-mail before @)")
			pwStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input (otherwise one is generated and printed)")
			rf := addRoleFlags(fs)
			return withAccount(fs, cfg, email, args, func(h *hub.Hub) error {
				pw, generated, err := readPassword(*pwStdin, stdin)
				if err != nil {
					return err
				}
				in := rf.input(*email)
				in.Name, in.Password = *name, pw
				acct, err := h.CreateAccount(cliActor(), in)
				if err != nil {
					return err
				}
				fmt.Fprintf(stdout, "added %s %s (%s)\n", acct.ID, acct.Email, describeRole(h, acct))
				if generated {
					fmt.Fprintf(stdout, "generated password: %s\n", pw)
				}
				return nil
			})
		},
		"list": func(args []string) error {
			fs := newFlags("users list", "users list [--json]", stderr)
			var cfg appConfig
			cfg.register(fs)
			asJSON := fs.Bool("json", false, "print JSON")
			return withHub(fs, &cfg, args, func(h *hub.Hub) error {
				list, err := h.Accounts()
				if err != nil {
					return err
				}
				return printList(stdout, *asJSON, "accounts", list, "ID\tE-MAIL\tNAME\tROLE\tSTATUS\tLAST LOGIN", func(a hub.Account) string {
					status := "active"
					if a.Disabled {
						status = "disabled"
					}
					return strings.Join([]string{a.ID, a.Email, a.Name, describeRole(h, a), status, a.LastLoginAt}, "\t")
				})
			})
		},
		"set-role": func(args []string) error {
			fs, cfg, email := accountCommand("users set-role", "users set-role --email E --role ROLE [--institution CODE] [--sources S] [--provinces P]")
			rf := addRoleFlags(fs)
			return withAccount(fs, cfg, email, args, func(h *hub.Hub) error {
				acct, err := h.SetRole(cliActor(), *email, rf.input(*email))
				if err != nil {
					return err
				}
				fmt.Fprintf(stdout, "%s is now %s; its sessions were ended\n", acct.Email, describeRole(h, acct))
				return nil
			})
		},
		"disable": func(args []string) error {
			fs, cfg, email := accountCommand("users disable", "users disable --email E [--enable]")
			enable := fs.Bool("enable", false, "enable the account again instead")
			return withAccount(fs, cfg, email, args, func(h *hub.Hub) error {
				acct, err := h.SetDisabled(cliActor(), *email, !*enable)
				if err != nil {
					return err
				}
				if acct.Disabled {
					fmt.Fprintf(stdout, "%s disabled: it cannot sign in, and its sessions and tokens no longer work\n", acct.Email)
				} else {
					fmt.Fprintf(stdout, "%s enabled\n", acct.Email)
				}
				return nil
			})
		},
		"reset-password": func(args []string) error {
			fs, cfg, email := accountCommand("users reset-password", "users reset-password --email E [--password-stdin]")
			pwStdin := fs.Bool("password-stdin", false, "read the new password from the first line of standard input (otherwise one is generated and printed)")
			return withAccount(fs, cfg, email, args, func(h *hub.Hub) error {
				pw, generated, err := readPassword(*pwStdin, stdin)
				if err != nil {
					return err
				}
				acct, err := h.ResetPassword(cliActor(), *email, pw)
				if err != nil {
					return err
				}
				fmt.Fprintf(stdout, "password of %s reset; its sessions were ended\n", acct.Email)
				if generated {
					fmt.Fprintf(stdout, "generated password: %s\n", pw)
				}
				return nil
			})
		},
	}
	return subcommand("users", subs, args, stderr)
}

// printList prints a list as JSON ({key: list}) or as a table with a
// header and one tab-separated row per item.
func printList[T any](w io.Writer, asJSON bool, key string, list []T, header string, row func(T) string) error {
	if asJSON {
		return json.NewEncoder(w).Encode(map[string]any{key: list})
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, it := range list {
		fmt.Fprintln(tw, row(it))
	}
	return tw.Flush()
}

// describeRole is "pengelola 35.78 (Pemerintah Kota Surabaya)",
// "verifikator (sources panrb; provinces 35, 32)" or "admin".
func describeRole(h *hub.Hub, a hub.Account) string {
	switch a.Role {
	case hub.RoleEditor:
		in, _ := h.Registry().Lookup(a.Institution)
		return fmt.Sprintf("pengelola %s (%s)", a.Institution, in.Name)
	case hub.RoleVerifier:
		var scope []string
		if len(a.Sources) > 0 {
			scope = append(scope, "sources "+strings.Join(a.Sources, ", "))
		}
		if len(a.Provinces) > 0 {
			scope = append(scope, "provinces "+strings.Join(a.Provinces, ", "))
		}
		if len(scope) == 0 {
			return "verifikator (national)"
		}
		return "verifikator (" + strings.Join(scope, "; ") + ")"
	}
	return string(a.Role)
}

func cmdTokens(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	subs := map[string]func([]string) error{
		"issue": func(args []string) error {
			fs := newFlags("tokens issue", "tokens issue --email E [--name N]\n\nPrints the token alone on the last line of standard output; it is not stored and cannot be shown again.", stderr)
			var cfg appConfig
			cfg.register(fs)
			email := fs.String("email", "", "the account the token acts as")
			name := fs.String("name", "", "what the token is for")
			return withHub(fs, &cfg, args, func(h *hub.Hub) error {
				acct, err := h.AccountByEmail(*email)
				if err != nil {
					return err
				}
				secret, tok, err := h.IssueToken(cliActor(), acct.ID, *name)
				if err != nil {
					return err
				}
				fmt.Fprintf(stdout, "token %s (%s) for %s, %s\n", tok.ID, tok.Name, acct.Email, describeRole(h, acct))
				fmt.Fprintln(stdout, secret)
				return nil
			})
		},
		"list": func(args []string) error {
			fs := newFlags("tokens list", "tokens list --email E [--json]", stderr)
			var cfg appConfig
			cfg.register(fs)
			email := fs.String("email", "", "the account whose tokens to list")
			asJSON := fs.Bool("json", false, "print JSON")
			return withHub(fs, &cfg, args, func(h *hub.Hub) error {
				acct, err := h.AccountByEmail(*email)
				if err != nil {
					return err
				}
				list, err := h.Tokens(acct.ID)
				if err != nil {
					return err
				}
				return printList(stdout, *asJSON, "tokens", list, "ID\tNAME\tPREFIX\tCREATED\tLAST USED\tREVOKED", func(t hub.Token) string {
					return strings.Join([]string{t.ID, t.Name, t.Prefix + "…", t.CreatedAt, t.LastUsedAt, t.RevokedAt}, "\t")
				})
			})
		},
		"revoke": func(args []string) error {
			fs := newFlags("tokens revoke", "tokens revoke --id ID", stderr)
			var cfg appConfig
			cfg.register(fs)
			id := fs.String("id", "", "the token id (t12), as tokens list shows it")
			return withHub(fs, &cfg, args, func(h *hub.Hub) error {
				tok, err := h.RevokeToken(cliActor(), *id)
				if err != nil {
					return err
				}
				fmt.Fprintf(stdout, "token %s revoked at %s\n", tok.ID, tok.RevokedAt)
				return nil
			})
		},
	}
	return subcommand("tokens", subs, args, stderr)
}
