package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"

	"jippnas/content"
	"jippnas/index/search"
	"jippnas/index/suggest"
)

// Limits are the bounds on what one request may ask for or send, and on
// how much work clients may start at once. They are the one place for these
// numbers: the API, the website and the API page read them from here. Zero
// values take the defaults (see withDefaults); cmd fills them from flags.
type Limits struct {
	// Paging. A size above PageSize is a 400 on every endpoint (search,
	// pages, suggest and similar have their own maxima below), never
	// silently clamped.
	PageSize    int // results per page of search and page lists (default 100, at most search.MaxSize)
	MaxPage     int // highest page number (default 1000)
	PageDepth   int // page × size (default 10000); deeper paging uses the cursor
	SuggestSize int // suggestions per request (default 20, at most suggest.MaxSuggest)
	SimilarSize int // similar documents per request (default 20)
	QueryLen    int // characters of q (default 500)

	// Request bodies.
	DocumentBody int64 // PUT /api/v1/documents/{id} (default 1 MiB)
	SimilarBody  int64 // POST /api/v1/similar (default 256 KiB; 20,000 bytes of text are analysed)
	BulkBody     int64 // POST /api/v1/documents, spooled to disk (default 256 MiB)
	// UploadBody is the import upload of the hub's website (POST
	// /hub/impor): the file and a mapping, spooled to disk (default 100
	// MiB; the programmes' largest exports are tens of megabytes).
	UploadBody int64

	// Rate: requests per second per client address (an IPv6 /64 counts as
	// one client), with bursts up to RateBurst. Rate < 0 disables it.
	Rate      float64 // default 30
	RateBurst int     // default 100

	// Concurrency of expensive work. Requests beyond the slots wait, at
	// most Queue of them at once (this bounds memory: a waiting request has
	// not read its body) and at most QueueWait each (this only guards
	// against a stall: a busy server answers slowly, not with errors);
	// the rest get 503.
	SearchSlots   int           // faceted search, statistics (default 2 × cores, at least 4)
	SimilarSlots  int           // similar documents and duplicates (default cores, at least 2)
	BulkSlots     int           // bulk imports (default 1)
	Queue         int           // waiting requests per kind (default 64)
	QueueWait     time.Duration // default 30s
	BulkQueueWait time.Duration // default 60s: an import may wait for the one before it
}

// DefaultLimits are the limits a server runs with when none are given.
func DefaultLimits() Limits {
	var l Limits
	l.withDefaults()
	return l
}

func (l *Limits) withDefaults() {
	cores := runtime.GOMAXPROCS(0)
	setInt := func(p *int, v int) {
		if *p == 0 {
			*p = v
		}
	}
	setInt(&l.PageSize, search.MaxSize)
	setInt(&l.MaxPage, 1000)
	setInt(&l.PageDepth, search.MaxDepth)
	setInt(&l.SuggestSize, suggest.MaxSuggest)
	setInt(&l.SimilarSize, 20)
	setInt(&l.QueryLen, 500)
	setInt(&l.RateBurst, 100)
	setInt(&l.SearchSlots, max(4, 2*cores))
	setInt(&l.SimilarSlots, max(2, cores))
	setInt(&l.BulkSlots, 1)
	setInt(&l.Queue, 64)
	if l.DocumentBody == 0 {
		l.DocumentBody = 1 << 20
	}
	if l.SimilarBody == 0 {
		l.SimilarBody = 256 << 10
	}
	if l.BulkBody == 0 {
		l.BulkBody = 256 << 20
	}
	if l.UploadBody == 0 {
		l.UploadBody = 100 << 20
	}
	if l.Rate == 0 {
		l.Rate = 30
	}
	if l.QueueWait == 0 {
		l.QueueWait = 30 * time.Second
	}
	if l.BulkQueueWait == 0 {
		l.BulkQueueWait = 60 * time.Second
	}
	// The index answers no more than its own caps.
	l.PageSize = min(l.PageSize, search.MaxSize)
	l.SuggestSize = min(l.SuggestSize, suggest.MaxSuggest)
}

// Check reports limits that cannot work.
func (l Limits) Check() error {
	switch {
	case l.PageSize < 1 || l.PageSize > search.MaxSize:
		return fmt.Errorf("page size limit %d: must be 1 to %d", l.PageSize, search.MaxSize)
	case l.PageDepth < l.PageSize || l.PageDepth > search.MaxDepth:
		return fmt.Errorf("paging depth %d: must be from the page size %d to %d", l.PageDepth, l.PageSize, search.MaxDepth)
	case l.SuggestSize < 1 || l.SimilarSize < 1 || l.MaxPage < 1 || l.QueryLen < 1:
		return errors.New("suggest size, similar size, highest page and query length must be at least 1")
	case l.DocumentBody < 1<<10 || l.SimilarBody < 1<<10 || l.BulkBody < 1<<10 || l.UploadBody < 1<<10:
		return errors.New("body limits must be at least 1 KiB")
	case l.SearchSlots < 1 || l.SimilarSlots < 1 || l.BulkSlots < 1 || l.Queue < 0:
		return errors.New("slots must be at least 1 and the queue not negative")
	case l.Rate > 0 && l.RateBurst < 1:
		return errors.New("rate burst must be at least 1")
	}
	return nil
}

// errOverloaded: every slot for this kind of work is taken and the queue is
// full, or the wait for a slot ran out.
var errOverloaded = fmt.Errorf("the server is busy with requests like this one, retry shortly: %w", content.ErrUnavailable)

// retryError tells the client when to try again (Retry-After).
type retryError struct {
	err   error
	after time.Duration
}

func (e *retryError) Error() string { return e.err.Error() }
func (e *retryError) Unwrap() error { return e.err }

// retryAfterSeconds is the Retry-After value for err, if it has one.
func retryAfterSeconds(err error) (string, bool) {
	var re *retryError
	var te *throttledError
	switch {
	case errors.As(err, &te):
		return strconv.Itoa(te.seconds()), true
	case !errors.As(err, &re):
		return "", false
	}
	secs := int((re.after + time.Second - 1) / time.Second)
	return strconv.Itoa(max(secs, 1)), true
}

// gate bounds how many requests of one kind run at once. Requests beyond
// the slots wait in a bounded queue; the wait happens before the request
// body is read, so waiting requests hold no body in memory.
type gate struct {
	name     string
	slots    chan struct{}
	queue    int64
	waiting  atomic.Int64
	maxWait  time.Duration
	rejected atomic.Uint64
}

func newGate(name string, slots, queue int, maxWait time.Duration) *gate {
	return &gate{name: name, slots: make(chan struct{}, slots), queue: int64(queue), maxWait: maxWait}
}

// acquire takes a slot; release must follow.
func (g *gate) acquire(ctx context.Context) error {
	select {
	case g.slots <- struct{}{}:
		return nil
	default:
	}
	if g.waiting.Add(1) > g.queue {
		g.waiting.Add(-1)
		g.rejected.Add(1)
		return &retryError{err: errOverloaded, after: time.Second}
	}
	defer g.waiting.Add(-1)
	t := time.NewTimer(g.maxWait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return nil
	case <-t.C:
		g.rejected.Add(1)
		return &retryError{err: errOverloaded, after: time.Second}
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (g *gate) release() { <-g.slots }

// inUse is the number of slots taken.
func (g *gate) inUse() int { return len(g.slots) }

// gated runs h inside a slot of g.
func (s *Server) gated(g *gate, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := g.acquire(r.Context()); err != nil {
			s.fail(w, r, err)
			return
		}
		defer g.release()
		h(w, r)
	}
}

// bodyLimit answers 413 at once when the declared length is over limit,
// and caps what the handler can read otherwise (chunked bodies).
func (s *Server) bodyLimit(limit int64, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			s.fail(w, r, fmt.Errorf("request body of %d bytes is over the limit of %d bytes for this endpoint: %w", r.ContentLength, limit, errTooLarge))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		h(w, r)
	}
}
