package main

import (
	"context"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/url"
	"strings"
	"time"

	"jippnas/content"
	"jippnas/content/store"
	"jippnas/index"
	"jippnas/index/similar"
	"jippnas/index/suggest"
	"jippnas/server"
)

// benchExtras times type-ahead suggestions (prefixes of the query words),
// similar innovations (for documents spread over the corpus), and the
// website's search page rendered by the server. Suggest is timed as users
// get it (answers cached per index version: the first pass computes, the
// next ones find) and without its answer cache (the work of a new
// prefix); similar after the warm-up passes, as search.
func benchExtras(ctx context.Context, c benchConfig, st *store.Store, ix *index.Index, queries []benchQuery, res *benchResult, stdout io.Writer) error {
	rng := rand.New(rand.NewSource(c.seed))
	sug, sim := suggest.New(ix), similar.New(ix)
	var prefixes []string
	for _, q := range queries {
		w := strings.Fields(q.Q)
		if len(w) == 0 {
			continue
		}
		last := w[len(w)-1]
		prefixes = append(prefixes, strings.Join(append(w[:len(w)-1:len(w)-1], last[:min(len(last), 2+rng.Intn(3))]), " "))
	}
	lat, err := timeEach(len(prefixes)*c.reps, func(i int) error {
		_, err := sug.Suggest(ctx, prefixes[i%len(prefixes)], 8)
		return err
	})
	if err != nil {
		return err
	}
	report(res, stdout, "suggest", lat)
	lat, err = timeEach(len(prefixes)*c.reps, func(i int) error {
		_, err := sug.Uncached(ctx, prefixes[i%len(prefixes)], 8)
		return err
	})
	if err != nil {
		return err
	}
	report(res, stdout, "suggest, answer cache off", lat)

	// Similar: ids of documents spread over the corpus, read from the store
	// (a reused data directory may hold a corpus file's documents).
	var ids []string
	n := res.NDocs
	if _, err := st.Each(ctx, func(d content.Document) error {
		if len(ids) < 200 && rng.Intn(max(1, n/200)) == 0 {
			ids = append(ids, d.ID)
		}
		return nil
	}); err != nil {
		return err
	}
	if len(ids) > 0 {
		for i := 0; i < len(ids)*c.warmup; i++ {
			if _, err := sim.Similar(ctx, ids[i%len(ids)], similar.SimilarOptions{Size: 5}); err != nil {
				return err
			}
		}
		lat, err = timeEach(len(ids)*c.reps, func(i int) error {
			_, err := sim.Similar(ctx, ids[i%len(ids)], similar.SimilarOptions{Size: 5})
			return err
		})
		if err != nil {
			return err
		}
		report(res, stdout, "similar", lat)
	}

	// The website's search page: server-side generation time (in-process
	// handler, no network), with facets, highlighting and templates.
	// No rate limit: the bench is one client asking faster than a visitor.
	srv := server.New(server.Config{Limits: server.Limits{Rate: -1}}, st, ix)
	h := srv.Handler()
	lat, err = timeEach(len(queries)*c.reps, func(i int) error {
		q := queries[i%len(queries)]
		r := q.request()
		v := url.Values{"q": {q.Q}, "understand": {"false"}}
		for k, vals := range r.Filters {
			v[k] = vals
		}
		req, _ := http.NewRequest(http.MethodGet, "/cari?"+v.Encode(), nil)
		w := &discardWriter{h: http.Header{}}
		h.ServeHTTP(w, req)
		if w.status != 0 && w.status != http.StatusOK {
			return fmt.Errorf("/cari?%s: status %d", v.Encode(), w.status)
		}
		return nil
	})
	if err != nil {
		return err
	}
	report(res, stdout, "search page (/cari, server side)", lat)
	return nil
}

type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(s int)           { w.status = s }

func timeEach(n int, fn func(i int) error) ([]float64, error) {
	lat := make([]float64, 0, n)
	for i := 0; i < n; i++ {
		t := time.Now()
		if err := fn(i); err != nil {
			return nil, err
		}
		lat = append(lat, float64(time.Since(t).Microseconds())/1000)
	}
	return sorted(lat), nil
}

func report(res *benchResult, stdout io.Writer, name string, lat []float64) {
	res.Extra[name] = map[string]any{"n": len(lat), "p50_ms": percentile(lat, 50), "p95_ms": percentile(lat, 95), "p99_ms": percentile(lat, 99)}
	fmt.Fprintf(stdout, "%s: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms (%d calls)\n", name, percentile(lat, 50), percentile(lat, 95), percentile(lat, 99), len(lat))
}
