package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"jippnas/server"
)

// registerLimits binds the server's limits to flags, with the server's
// defaults shown in --help.
func registerLimits(fs *flag.FlagSet, l *server.Limits) {
	d := server.DefaultLimits()
	*l = d
	fs.IntVar(&l.PageSize, "max-page-size", d.PageSize, "largest page of search results or page lists (size); above it is a 400")
	fs.IntVar(&l.PageDepth, "max-paging-depth", d.PageDepth, "largest page × size; deeper results need the cursor")
	fs.IntVar(&l.MaxPage, "max-page", d.MaxPage, "highest page number")
	fs.Var((*byteSize)(&l.DocumentBody), "max-body-document", "largest body of PUT /api/v1/documents/{id} (e.g. 1MiB)")
	fs.Var((*byteSize)(&l.SimilarBody), "max-body-similar", "largest body of POST /api/v1/similar")
	fs.Var((*byteSize)(&l.BulkBody), "max-body-bulk", "largest body of a bulk import, POST /api/v1/documents (spooled to disk)")
	fs.Var((*byteSize)(&l.UploadBody), "max-body-upload", "largest import upload on the hub's website, POST /hub/impor (spooled to disk)")
	fs.Float64Var(&l.Rate, "rate-limit", d.Rate, "requests per second per client address (IPv6: per /64); 0 turns the limit off")
	fs.IntVar(&l.RateBurst, "rate-burst", d.RateBurst, "requests a client may send at once above its rate")
	fs.IntVar(&l.SearchSlots, "search-slots", d.SearchSlots, "searches with facets run at once")
	fs.IntVar(&l.SimilarSlots, "similar-slots", d.SimilarSlots, "similar-document requests run at once")
	fs.IntVar(&l.Queue, "queue", d.Queue, "requests that may wait for a slot, per kind; the rest get 503")
	fs.DurationVar(&l.QueueWait, "queue-wait", d.QueueWait, "longest wait for a slot before a 503")
}

// finishLimits turns flag conventions into the server's: a rate of 0 means
// no limit.
func finishLimits(l *server.Limits) error {
	if l.Rate == 0 {
		l.Rate = -1
	}
	return l.Check()
}

// byteSize is a flag value of bytes: 1048576, 512KiB, 1MiB, 2GiB.
type byteSize int64

func (b *byteSize) String() string {
	n := int64(*b)
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return strconv.FormatInt(n>>30, 10) + "GiB"
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + "MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + "KiB"
	}
	return strconv.FormatInt(n, 10)
}

func (b *byteSize) Set(s string) error {
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}} {
		if v, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = v, u.mult
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 {
		return fmt.Errorf("want a size like 1048576, 512KiB or 1MiB")
	}
	*b = byteSize(n * mult)
	return nil
}
