package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"jippnas/content/demo"
	"jippnas/content/hub"
	"jippnas/content/store"
)

// demoActor loads the demo data: the program acting as an admin.
func demoActor() hub.Actor { return hub.SystemActor("Data demo", hub.ViaSystem) }

// loadDemoData publishes the embedded demo innovations through the hub,
// as one import batch.
func (a *app) loadDemoData(afterBatch func() error) (int, error) {
	run, err := a.hub.StartImport(demoActor(), hub.BatchInput{File: "data demo (tertanam)", Format: "jsonl"})
	if err != nil {
		return 0, err
	}
	n, err := demo.LoadWith(a.store, a.hub.ImportOptions(demoActor(), run, store.ImportOptions{AfterBatch: afterBatch}))
	if _, ferr := run.Finish(store.ImportResult{Lines: n, Written: n}, err); err == nil {
		err = ferr
	}
	return n, err
}

// demoInstitution is the institution of the demo pengelola: Kota
// Banjarmasin has three demo innovations, one of them reported by two
// sources.
const demoInstitution = "63.71"

// loadDemo publishes the embedded demo innovations through the hub (as
// verified) into an empty store and creates three demo accounts (admin,
// verifikator, pengelola of demoInstitution) with passwords generated now,
// which it prints once to w. No password is fixed anywhere.
func loadDemo(a *app, afterBatch func() error, w io.Writer, loginURL string) (int, error) {
	n, err := a.loadDemoData(afterBatch)
	if err != nil {
		return n, err
	}
	inst, _ := a.hub.Registry().Lookup(demoInstitution)
	accounts := []hub.AccountInput{
		{Email: "admin.demo@jippnas.example", Name: "Admin Demo (Kementerian PANRB)", Role: hub.RoleAdmin},
		{Email: "verifikator.demo@jippnas.example", Name: "Verifikator Demo", Role: hub.RoleVerifier},
		{Email: "pengelola.banjarmasin@jippnas.example", Name: "Pengelola Demo " + inst.ShortName, Role: hub.RoleEditor, Institution: demoInstitution},
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "\nHub demo: sign in at %s with one of these accounts.\n", loginURL)
	fmt.Fprintln(w, "The passwords were generated at this start and are shown only now:")
	for _, in := range accounts {
		pw, err := hub.GeneratePassword()
		if err != nil {
			return n, err
		}
		in.Password = pw
		if _, err := a.hub.CreateAccount(demoActor(), in); err != nil {
			return n, fmt.Errorf("demo account %s: %w", in.Email, err)
		}
		role := string(in.Role)
		if in.Institution != "" {
			role += " (" + inst.Name + ")"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", role, in.Email, pw)
	}
	tw.Flush()
	fmt.Fprintln(w, strings.Repeat("-", 72))
	return n, nil
}
