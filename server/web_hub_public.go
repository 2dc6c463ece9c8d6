package server

import (
	"jippnas/content"
	"jippnas/content/hub"
)

// publicRecord is what the public sees of a record's workflow: who
// verified the published revision and when, and whether it needs
// pemutakhiran.
type publicRecord struct {
	VerifiedBy      string `json:"verified_by"`
	VerifiedAt      string `json:"verified_at"`
	ConfirmedAt     string `json:"confirmed_at,omitempty"`
	Stale           bool   `json:"stale"`
	InstitutionCode string `json:"institution_code,omitempty"`
	InstitutionName string `json:"institution_name,omitempty"`
	InstitutionURL  string `json:"institution_link,omitempty"`
}

func (s *Server) publicRecord(d content.Document) publicRecord {
	var p publicRecord
	if s.hub == nil || d.Type != content.TypeInnovation {
		return p
	}
	if rec, ok := s.hub.Record(d.ID); ok && rec.PublishedRevision > 0 {
		p.VerifiedBy, p.VerifiedAt, p.ConfirmedAt, p.Stale = rec.VerifiedBy, rec.VerifiedAt, rec.ConfirmedAt, s.hub.RecordStale(rec)
	}
	if in, ok := s.hub.Registry().Lookup(d.InstitutionCode); ok {
		p.InstitutionCode, p.InstitutionName, p.InstitutionURL = in.Code, in.Name, institutionPath(in.Code)
	}
	return p
}

// verificationJSON is publicRecord in the API, when there is something to
// say.
func (s *Server) verificationJSON(d content.Document) *publicRecord {
	p := s.publicRecord(d)
	if p.VerifiedAt == "" && p.InstitutionCode == "" {
		return nil
	}
	return &p
}

// hubRecord is the hub's record of a document, if the server has a hub.
func (s *Server) hubRecord(id string) (hub.Record, bool) {
	if s.hub == nil {
		return hub.Record{}, false
	}
	return s.hub.Record(id)
}
