package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"jippnas/content"
	"jippnas/content/hub"
)

// problem is an RFC 9457 problem details body, the one shape of every error
// the API returns.
type problem struct {
	Type     string               `json:"type"`
	Title    string               `json:"title"`
	Status   int                  `json:"status"`
	Detail   string               `json:"detail,omitempty"`
	Instance string               `json:"instance,omitempty"`
	Param    string               `json:"param,omitempty"`
	Errors   []content.FieldError `json:"errors,omitempty"`
	Lines    []*content.LineError `json:"lines,omitempty"`
}

// paramError names the query parameter that is wrong.
type paramError struct {
	param string
	msg   string
}

func (e *paramError) Error() string { return e.param + ": " + e.msg }

func (e *paramError) Is(target error) bool { return target == content.ErrInvalid }

func badParam(param, msg string) error { return &paramError{param: param, msg: msg} }

var (
	errTooLarge = errors.New("request body too large")
	// errPreconditionRequired: an update without If-Match.
	errPreconditionRequired = errors.New("precondition required")
	// errNoHub: the server has no workflow to write through.
	errNoHub = errors.New("the hub is not available on this server")
)

// statusClientClosed is logged and counted when the client went away before
// the answer (nginx's convention); nobody receives it.
const statusClientClosed = 499

// statusOf is the one place that maps errors to HTTP status codes, for the
// API and the website alike.
func statusOf(err error) int {
	var mbe *http.MaxBytesError
	var te *throttledError
	switch {
	case errors.As(err, &mbe), errors.Is(err, errTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.As(err, &te):
		return http.StatusTooManyRequests
	case errors.Is(err, hub.ErrUnauthenticated):
		return http.StatusUnauthorized
	case errors.Is(err, hub.ErrForbidden), errors.Is(err, hub.ErrDisabled):
		return http.StatusForbidden
	case errors.Is(err, errRateLimited):
		return http.StatusTooManyRequests
	case errors.Is(err, content.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, hub.ErrStale):
		return http.StatusPreconditionFailed
	case errors.Is(err, errPreconditionRequired):
		return http.StatusPreconditionRequired
	case errors.Is(err, content.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, content.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, errNoHub):
		return http.StatusServiceUnavailable
	case errors.Is(err, content.ErrUnavailable):
		return http.StatusServiceUnavailable
	case errors.Is(err, context.DeadlineExceeded):
		// The server's own time limit for the work ran out: the server is
		// too busy or the request too costly now, not broken.
		return http.StatusServiceUnavailable
	case errors.Is(err, context.Canceled):
		return statusClientClosed
	}
	return http.StatusInternalServerError
}

// fail answers err in the form the client expects: problem details under
// /api/, an error page on the website.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz" {
		s.writeProblem(w, r, err)
		return
	}
	s.webFail(w, r, err)
}

// logFailure logs what the client is not told: server faults in full,
// timeouts and overload as warnings.
func (s *Server) logFailure(r *http.Request, status int, err error) {
	switch {
	case status == http.StatusInternalServerError:
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
	case status == http.StatusServiceUnavailable:
		s.log.Warn("request not served", "path", r.URL.Path, "err", err)
	}
}

// writeProblem answers with err as problem details. Internal errors are
// logged and not shown: their text may hold paths or internals.
func (s *Server) writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	s.logFailure(r, status, err)
	p := problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Instance: r.URL.Path}
	switch {
	case status == http.StatusInternalServerError:
		p.Detail = "internal error"
	case errors.Is(err, context.DeadlineExceeded):
		p.Detail = "the request took longer than the server allows; retry, or narrow it down"
	case status == statusClientClosed:
		p.Title = "Client Closed Request"
		p.Detail = "the client closed the connection"
	default:
		p.Detail = err.Error()
	}
	if secs, ok := retryAfterSeconds(err); ok {
		w.Header().Set("Retry-After", secs)
	} else if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	var pe *paramError
	var fe *content.FieldError
	switch {
	case errors.As(err, &pe):
		p.Param = pe.param
		p.Detail = pe.msg
	case errors.As(err, &fe):
		p.Param = fe.Field
		p.Detail = fe.Message
	}
	var ve *content.ValidationError
	if errors.As(err, &ve) {
		p.Errors = ve.Fields
	}
	var le *content.LineError
	if errors.As(err, &le) {
		p.Lines = []*content.LineError{le}
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="jippnas"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}
