package server

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/mux"

	"jippnas/content/hub"
)

// hubAPIRoutes registers the institutions and hub endpoints under /api/v1.
func (s *Server) hubAPIRoutes(api *mux.Router) {
	get := []string{http.MethodGet, http.MethodHead}
	api.HandleFunc("/institutions", s.apiInstitutions).Methods(get...)
	api.HandleFunc("/institutions/resolve", s.apiResolveInstitution).Methods(get...)
	api.HandleFunc("/institutions/{code}", s.apiInstitution).Methods(get...)
	api.HandleFunc("/me", s.apiHub(s.apiMe)).Methods(get...)
	api.HandleFunc("/hub/records", s.apiHub(s.apiRecords)).Methods(get...)
	api.HandleFunc("/hub/records/{id}", s.apiHub(s.apiRecord)).Methods(get...)
	api.HandleFunc("/hub/records/{id}/revisions", s.apiHub(s.apiRevisions)).Methods(get...)
	api.HandleFunc("/hub/records/{id}/revisions/{rev}", s.apiHub(s.apiRevision)).Methods(get...)
	api.HandleFunc("/hub/records/{id}/diff", s.apiHub(s.apiDiff)).Methods(get...)
	api.HandleFunc("/hub/records/{id}/audit", s.apiHub(s.apiRecordAudit)).Methods(get...)
	api.HandleFunc("/hub/records/{id}/{action}", s.apiHub(s.apiStep)).Methods(http.MethodPost)
	api.HandleFunc("/hub/queue", s.apiHub(s.apiQueue)).Methods(get...)
	api.HandleFunc("/hub/dashboard", s.apiHub(s.apiDashboard)).Methods(get...)
	api.HandleFunc("/hub/national", s.apiHub(s.apiNational)).Methods(get...)
	api.HandleFunc("/hub/audit", s.apiHub(s.apiAuditLog)).Methods(get...)
	api.HandleFunc("/hub/tokens", s.apiHub(s.apiTokens)).Methods(get...)
	api.HandleFunc("/hub/tokens", s.apiHub(s.apiIssueToken)).Methods(http.MethodPost)
	api.HandleFunc("/hub/tokens/{id}", s.apiHub(s.apiRevokeToken)).Methods(http.MethodDelete)
	api.HandleFunc("/hub/accounts", s.apiHub(s.apiAccounts)).Methods(get...)
	api.HandleFunc("/hub/accounts", s.apiHub(s.apiCreateAccount)).Methods(http.MethodPost)
	s.mergeAPIRoutes(api)
}

// sortByTitle orders summaries by title, then id.
func sortByTitle(list []*hub.Summary) {
	slices.SortFunc(list, func(a, b *hub.Summary) int {
		if c := strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}
