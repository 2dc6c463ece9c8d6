package server

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// errRateLimited: this client sent more requests than its rate allows.
var errRateLimited = fmt.Errorf("too many requests from your address")

// rateLimiter keeps a token bucket per client. An IPv6 client is its /64:
// one subscriber usually holds a whole /64. Buckets idle long enough to be
// full again are dropped by a sweep, and the table has a ceiling: past it,
// new clients share one bucket until the sweep makes room.
type rateLimiter struct {
	limit   rate.Limit
	burst   int
	mu      sync.Mutex
	clients map[netip.Prefix]*clientBucket
	shared  *rate.Limiter
	swept   time.Time
	now     func() time.Time
}

type clientBucket struct {
	lim  *rate.Limiter
	seen time.Time
}

const maxRateClients = 100_000

func newRateLimiter(perSecond float64, burst int) *rateLimiter {
	return &rateLimiter{limit: rate.Limit(perSecond), burst: burst, clients: map[netip.Prefix]*clientBucket{},
		shared: rate.NewLimiter(rate.Limit(perSecond), burst), now: time.Now}
}

func clientKey(a netip.Addr) netip.Prefix {
	bits := 32
	if a.Is6() {
		bits = 64
	}
	p, _ := a.Prefix(bits)
	return p
}

// allow takes a token for the client, or says how long until one is free.
func (l *rateLimiter) allow(a netip.Addr) (bool, time.Duration) {
	now := l.now()
	key := clientKey(a)
	l.mu.Lock()
	l.sweep(now)
	b := l.clients[key]
	var lim *rate.Limiter
	switch {
	case b != nil:
		b.seen = now
		lim = b.lim
	case len(l.clients) < maxRateClients:
		lim = rate.NewLimiter(l.limit, l.burst)
		l.clients[key] = &clientBucket{lim: lim, seen: now}
	default:
		lim = l.shared
	}
	l.mu.Unlock()
	res := lim.ReserveN(now, 1)
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
}

// sweep drops buckets that have been idle long enough to refill.
func (l *rateLimiter) sweep(now time.Time) {
	if now.Sub(l.swept) < time.Minute && len(l.clients) < maxRateClients {
		return
	}
	l.swept = now
	idle := time.Duration(float64(l.burst)/float64(l.limit)*float64(time.Second)) + time.Second
	for k, b := range l.clients {
		if now.Sub(b.seen) > idle {
			delete(l.clients, k)
		}
	}
}

// exemptFromRate are requests no client can overload the server with:
// static assets (cached for a year) and the health check of a load
// balancer.
func exemptFromRate(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" || r.URL.Path == "/favicon.ico"
}

func (s *Server) rateLimit(next http.Handler) http.Handler {
	if s.limiter == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !exemptFromRate(r) {
			if ok, wait := s.limiter.allow(infoOf(r).client); !ok {
				s.metrics.rateLimited()
				s.fail(w, r, &retryError{err: errRateLimited, after: wait})
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
