package hub

import (
	"errors"
	"testing"
)

// TestAuthorize checks the policy over every role, action and kind of
// target.
func TestAuthorize(t *testing.T) {
	admin := Actor{Account: Account{Role: RoleAdmin}}
	editor := Actor{Account: Account{Role: RoleEditor, Institution: "35.78"}}
	verifier := Actor{Account: Account{Role: RoleVerifier, Provinces: []string{"35"}, Sources: []string{"jippnas"}}}
	national := Actor{Account: Account{Role: RoleVerifier}}
	disabled := Actor{Account: Account{Role: RoleAdmin, Disabled: true}}
	own := Target{Institution: "35.78", Source: "jippnas", Province: "35"}
	other := Target{Institution: "34.04", Source: "jippnas", Province: "34"}
	otherSource := Target{Institution: "35.78", Source: "panrb", Province: "35"}
	central := Target{Institution: "kemenkes", Source: "jippnas", Province: ScopeCentral}
	unmapped := Target{Source: "jippnas", Province: "35"}
	all := []Action{ActView, ActCreate, ActEdit, ActSubmit, ActVerify, ActReturn, ActConfirm, ActRevert, ActDelete, ActPublish, ActOverview, ActManage}
	editorActs := map[Action]bool{ActView: true, ActCreate: true, ActEdit: true, ActSubmit: true, ActConfirm: true, ActRevert: true, ActDelete: true}
	verifierActs := map[Action]bool{ActView: true, ActVerify: true, ActReturn: true}
	for _, act := range all {
		for name, tg := range map[string]Target{"own": own, "other": other, "other-source": otherSource, "central": central, "unmapped": unmapped} {
			check := func(who string, a Actor, want bool) {
				err := Authorize(a, act, tg)
				if (err == nil) != want || (err != nil && !errors.Is(err, ErrForbidden)) {
					t.Errorf("%s %s on %s: %v, want allowed=%v", who, act, name, err, want)
				}
			}
			check("admin", admin, true)
			check("disabled admin", disabled, false)
			check("pengelola", editor, editorActs[act] && name == "own" || editorActs[act] && name == "other-source")
			inScope := name == "own" || name == "unmapped"
			check("verifikator", verifier, act == ActOverview || verifierActs[act] && inScope)
			check("national verifikator", national, act == ActOverview || verifierActs[act])
		}
	}
}
