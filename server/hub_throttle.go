package server

import (
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// throttle slows down guessing: it counts failures per key (an account, an
// IP address) in a sliding window, and a key with limit failures in the
// window is refused until the oldest of them leaves it. Successes do not
// count. One type serves login per account and per IP, and wrong bearer
// tokens per IP.
type throttle struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	now    func() time.Time
	fails  map[string][]time.Time
}

func newThrottle(limit int, window time.Duration, now func() time.Time) *throttle {
	return &throttle{limit: limit, window: window, now: now, fails: map[string][]time.Time{}}
}

// recent drops the failures of key that left the window and returns the
// rest. The caller holds mu.
func (t *throttle) recent(key string, now time.Time) []time.Time {
	list := t.fails[key]
	i := 0
	for i < len(list) && now.Sub(list[i]) >= t.window {
		i++
	}
	if i == len(list) {
		delete(t.fails, key)
		return nil
	}
	list = list[i:]
	t.fails[key] = list
	return list
}

// blocked returns how long key must wait, or 0.
func (t *throttle) blocked(key string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	list := t.recent(key, now)
	if len(list) < t.limit {
		return 0
	}
	return list[len(list)-t.limit].Add(t.window).Sub(now)
}

// fail counts a failure of key.
func (t *throttle) fail(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	list := t.recent(key, now)
	if len(list) >= t.limit {
		list = list[len(list)-t.limit+1:]
	}
	t.fails[key] = append(list, now)
	if len(t.fails) > 50_000 {
		// Many keys (a spray from many addresses): forget the expired.
		for k := range t.fails {
			t.recent(k, now)
		}
	}
}

// reset forgets the failures of key (a successful login of an account).
func (t *throttle) reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, key)
}

// throttledError is a request refused by a throttle; it becomes 429 with
// Retry-After.
type throttledError struct{ retry time.Duration }

func (e *throttledError) Error() string {
	return fmt.Sprintf("too many failed attempts; retry in %d seconds", e.seconds())
}

func (e *throttledError) seconds() int { return int(e.retry.Seconds()) + 1 }

// minutes is the wait in whole minutes, for Indonesian messages.
func (e *throttledError) minutes() int { return (e.seconds() + 59) / 60 }

// clientIP is the address a request came from (the direct peer: a proxy
// in front must be trusted to pass its own address limits).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Throttle limits.
const (
	loginFailsPerAccount = 5
	loginFailsPerIP      = 20
	tokenFailsPerIP      = 20
	throttleWindow       = 15 * time.Minute
)
