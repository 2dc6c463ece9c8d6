package server

import (
	"errors"
	"net/http"

	"github.com/gorilla/mux"

	"jippnas/content"
	"jippnas/content/hub"
)

type tokensView struct {
	hubView
	Tokens []tokenView
	Secret string // a token just issued: shown this once
	Name   string
	Error  string
}

type tokenView struct {
	hub.Token
	Created string
	Used    string
	Revoked string
}

// webHubTokens lists the account's API tokens and issues new ones; a new
// token's secret is shown once, on the page that issued it.
func (s *Server) webHubTokens(w http.ResponseWriter, r *http.Request, u *webUser) {
	v := tokensView{hubView: s.hubView(u, "token")}
	v.Flash = flash(r)
	status := http.StatusOK
	if r.Method == http.MethodPost {
		secret, tok, err := s.hub.IssueToken(u.actor, u.actor.Account.ID, r.PostFormValue("nama"))
		var ve *content.ValidationError
		switch {
		case errors.As(err, &ve):
			v.Error, status = "Nama token paling panjang 100 karakter.", http.StatusBadRequest
		case err != nil:
			s.hubFail(w, r, u, err, "/hub/token")
			return
		default:
			v.Secret, v.Name = secret, tok.Name
		}
	}
	list, err := s.hub.Tokens(u.actor.Account.ID)
	if err != nil {
		s.hubFail(w, r, u, err, "/hub")
		return
	}
	for _, t := range list {
		tv := tokenView{Token: t, Created: dateTimeID(t.CreatedAt), Used: "belum pernah"}
		if t.LastUsedAt != "" {
			tv.Used = dateTimeID(t.LastUsedAt)
		}
		if t.RevokedAt != "" {
			tv.Revoked = dateTimeID(t.RevokedAt)
		}
		v.Tokens = append(v.Tokens, tv)
	}
	s.render(w, r, status, "hub_tokens", page{Title: "Token API", NoIndex: true, Hub: true, Private: true, Nav: "hub", Data: v})
}

func (s *Server) webHubRevokeToken(w http.ResponseWriter, r *http.Request, u *webUser) {
	if _, err := s.hub.RevokeToken(u.actor, mux.Vars(r)["id"]); err != nil {
		s.hubFail(w, r, u, err, "/hub/token")
		return
	}
	http.Redirect(w, r, "/hub/token?pesan=token-dicabut", http.StatusSeeOther)
}
