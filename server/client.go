package server

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// reqInfo is what the outer middleware learns about a request, shared with
// the handlers and the inner middleware through the context: who the
// client is, whether it came over TLS, and (once routed) the route.
type reqInfo struct {
	client netip.Addr
	tls    bool
	route  string // the mux path template, "" when no route matched
}

type reqInfoKey struct{}

func infoOf(r *http.Request) *reqInfo {
	if ri, ok := r.Context().Value(reqInfoKey{}).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{client: peerAddr(r), tls: r.TLS != nil}
}

func withInfo(r *http.Request, ri *reqInfo) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), reqInfoKey{}, ri))
}

func peerAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

// newReqInfo works out the client of a request. The X-Forwarded-For and
// X-Forwarded-Proto headers are believed only when the peer is one of the
// trusted proxies: then the client is the right-most address in
// X-Forwarded-For that is not itself a trusted proxy (each proxy appends the
// address it got the request from, so everything left of that may be
// forged), and the request came over TLS if the nearest proxy says https.
func (s *Server) newReqInfo(r *http.Request) *reqInfo {
	ri := &reqInfo{client: peerAddr(r), tls: r.TLS != nil}
	if !s.trusted(ri.client) {
		return ri
	}
	if proto := lastListItem(r.Header.Values("X-Forwarded-Proto")); proto != "" {
		ri.tls = strings.EqualFold(proto, "https")
	}
	hops := listItems(r.Header.Values("X-Forwarded-For"))
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(hops[i])
		if err != nil {
			break // a forged or broken entry: stop at the last good one
		}
		ri.client = a.Unmap()
		if !s.trusted(ri.client) {
			break
		}
	}
	return ri
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func listItems(values []string) []string {
	var out []string
	for _, v := range values {
		for _, item := range strings.Split(v, ",") {
			if item = strings.TrimSpace(item); item != "" {
				out = append(out, item)
			}
		}
	}
	return out
}

func lastListItem(values []string) string {
	items := listItems(values)
	if len(items) == 0 {
		return ""
	}
	return items[len(items)-1]
}

// ParseTrustedProxies reads a comma-separated list of addresses and CIDR
// prefixes ("127.0.0.1, 10.0.0.0/8").
func ParseTrustedProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, item := range listItems([]string{list}) {
		if strings.Contains(item, "/") {
			p, err := netip.ParsePrefix(item)
			if err != nil {
				return nil, err
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(item)
		if err != nil {
			return nil, err
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}
