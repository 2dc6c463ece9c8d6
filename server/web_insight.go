package server

import (
	"net/http"
	"net/url"
	"time"
)

// The insight page for editors: the same report as /api/v1/insight, as a
// page. It is behind canSeeInsight like the API.

type insightView struct {
	Report   *insightReport
	Period   string
	Date     string
	PrevURL  string
	NextURL  string
	MaxCount int
}

func (s *Server) webInsight(w http.ResponseWriter, r *http.Request) {
	if err := s.canSeeInsight(r); err != nil {
		v := errorView{Status: http.StatusUnauthorized, Heading: "Khusus admin",
			Message: "Wawasan pencarian hanya dapat dilihat oleh admin JIPPNAS. Kirim token admin pada header Authorization, atau masuk sebagai admin."}
		w.Header().Set("WWW-Authenticate", `Bearer realm="jippnas"`)
		s.render(w, r, http.StatusUnauthorized, "error", page{Title: v.Heading, Description: v.Message, NoIndex: true, Data: v})
		return
	}
	period, date, limit, err := s.insightParams(r.URL.Query())
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	rep, err := s.insight.report(period, date, limit)
	if err != nil {
		s.webFail(w, r, err)
		return
	}
	v := insightView{Report: rep, Period: rep.Period, Date: date.Format(time.DateOnly)}
	step := 1
	if rep.Period == "week" {
		step = 7
	}
	link := func(d time.Time) string {
		return "/wawasan?" + url.Values{"period": {rep.Period}, "date": {d.Format(time.DateOnly)}}.Encode()
	}
	v.PrevURL = link(date.AddDate(0, 0, -step))
	if next := date.AddDate(0, 0, step); !next.After(s.cfg.Now().In(wib).AddDate(0, 0, step-1)) {
		v.NextURL = link(next)
	}
	for _, p := range rep.Series {
		v.MaxCount = max(v.MaxCount, p.Searches)
	}
	s.render(w, r, http.StatusOK, "insight", page{Title: "Wawasan pencarian", NoIndex: true,
		Description: "Kata kunci yang dicari masyarakat di JIPPNAS, yang tidak menemukan hasil, dan yang hasilnya tidak dibuka.",
		Data:        v})
}

// webPrivacy explains what the site records.
func (s *Server) webPrivacy(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "privacy", page{Title: "Kebijakan privasi",
		Description: "Data apa yang dicatat JIPPNAS saat Anda mencari, berapa lama disimpan, dan apa yang tidak pernah dicatat.",
		Data:        struct{ RetentionDays int }{int(s.cfg.InsightRetention.Hours() / 24)}})
}
