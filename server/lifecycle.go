package server

import (
	"context"
	"log/slog"
	"sort"
	"sync"
	"time"
)

// activeRequests are the requests being answered, so that a shutdown can
// say what it waits for.
type activeRequests struct {
	mu  sync.Mutex
	set map[*activeRequest]struct{}
}

type activeRequest struct {
	method, path string
	info         *reqInfo
	start        time.Time
}

func (a *activeRequests) add(r *activeRequest) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.set == nil {
		a.set = map[*activeRequest]struct{}{}
	}
	a.set[r] = struct{}{}
}

func (a *activeRequests) remove(r *activeRequest) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.set, r)
}

// list describes the requests in flight, longest-running first:
// "POST /api/v1/documents (12.3s)".
func (a *activeRequests) list() []string {
	a.mu.Lock()
	reqs := make([]*activeRequest, 0, len(a.set))
	for r := range a.set {
		reqs = append(reqs, r)
	}
	a.mu.Unlock()
	sort.Slice(reqs, func(i, j int) bool { return reqs[i].start.Before(reqs[j].start) })
	out := make([]string, 0, len(reqs))
	for _, r := range reqs {
		out = append(out, r.method+" "+r.path+" ("+time.Since(r.start).Round(time.Millisecond).String()+")")
	}
	return out
}

// background runs the server's long tasks (an index rebuild started through
// the API); shutdown cancels them and waits.
type background struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	mu     sync.Mutex
	tasks  map[string]bool
}

func (b *background) init() {
	b.ctx, b.cancel = context.WithCancel(context.Background())
	b.tasks = map[string]bool{}
}

// start runs fn unless a task of that name is running; it reports whether
// it started.
func (b *background) start(name string, fn func(ctx context.Context)) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tasks[name] || b.ctx.Err() != nil {
		return false
	}
	b.tasks[name] = true
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		defer func() {
			b.mu.Lock()
			delete(b.tasks, name)
			b.mu.Unlock()
		}()
		fn(b.ctx)
	}()
	return true
}

// isRunning reports whether a task of that name runs.
func (b *background) isRunning(name string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.tasks[name]
}

func (b *background) running() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for name := range b.tasks {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

func (b *background) stop(log *slog.Logger) {
	if tasks := b.running(); len(tasks) > 0 {
		log.Info("stopping background work", "tasks", tasks)
	}
	start := time.Now()
	b.cancel()
	b.wg.Wait()
	if time.Since(start) > time.Millisecond {
		log.Info("background work stopped", "waited", time.Since(start).Round(time.Millisecond))
	}
}
