package server

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"jippnas/index/facet"
)

// metrics are the server's Prometheus metrics: requests per route (the
// route's path template, so that ids do not make a series each), the
// index, the store and its group commit, imports, limits, Badger and the Go
// runtime. They are served by MetricsHandler, which cmd puts on its own
// listener or behind a token, never openly on the public one.
type metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	inFlight   prometheus.Gauge
	limited    prometheus.Counter
	importing  prometheus.Gauge
	importDocs prometheus.Counter
}

func newMetrics(s *Server) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "jippnas_http_requests_total", Help: "HTTP requests answered, by route template, method and status code.",
	}, []string{"route", "method", "code"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "jippnas_http_request_duration_seconds", Help: "Time to answer an HTTP request, by route template and method.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route", "method"})
	m.inFlight = prometheus.NewGauge(prometheus.GaugeOpts{Name: "jippnas_http_requests_in_flight", Help: "HTTP requests being answered."})
	m.limited = prometheus.NewCounter(prometheus.CounterOpts{Name: "jippnas_http_rate_limited_total", Help: "Requests answered 429 by the per-client rate limit."})
	m.importing = prometheus.NewGauge(prometheus.GaugeOpts{Name: "jippnas_imports_running", Help: "Bulk imports in progress."})
	m.importDocs = prometheus.NewCounter(prometheus.CounterOpts{Name: "jippnas_import_documents_written_total", Help: "Documents written by bulk imports (progress, per batch)."})
	m.reg.MustRegister(m.requests, m.duration, m.inFlight, m.limited, m.importing, m.importDocs,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		badgerCollector(),
		&stateCollector{s: s},
	)
	for _, g := range []*gate{s.searchGate, s.similarGate, s.bulkGate} {
		labels := prometheus.Labels{"kind": g.name}
		m.reg.MustRegister(
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "jippnas_work_slots_in_use", Help: "Slots taken by expensive requests, by kind.", ConstLabels: labels},
				func() float64 { return float64(g.inUse()) }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "jippnas_work_queue_length", Help: "Expensive requests waiting for a slot, by kind.", ConstLabels: labels},
				func() float64 { return float64(g.waiting.Load()) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "jippnas_work_rejected_total", Help: "Expensive requests answered 503 because every slot and the queue were taken, by kind.", ConstLabels: labels},
				func() float64 { return float64(g.rejected.Load()) }),
		)
	}
	return m
}

func (m *metrics) observe(route, method string, status int, took time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route, method).Observe(took.Seconds())
}

func (m *metrics) rateLimited() { m.limited.Inc() }

// MetricsHandler serves the metrics in the Prometheus text format.
func (s *Server) MetricsHandler() http.Handler {
	return promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{ErrorLog: nil, Timeout: 10 * time.Second})
}

// badgerCollector exports the counters Badger keeps in expvar.
func badgerCollector() prometheus.Collector {
	desc := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc(name, help, labels, nil)
	}
	return collectors.NewExpvarCollector(map[string]*prometheus.Desc{
		"badger_get_num_user":               desc("badger_get_num_user", "Badger: reads by the program."),
		"badger_put_num_user":               desc("badger_put_num_user", "Badger: writes by the program."),
		"badger_write_bytes_user":           desc("badger_write_bytes_user", "Badger: bytes written by the program."),
		"badger_get_num_memtable":           desc("badger_get_num_memtable", "Badger: memtable lookups."),
		"badger_read_num_vlog":              desc("badger_read_num_vlog", "Badger: value log reads."),
		"badger_write_num_vlog":             desc("badger_write_num_vlog", "Badger: value log writes."),
		"badger_write_bytes_l0":             desc("badger_write_bytes_l0", "Badger: bytes written to level 0."),
		"badger_iterator_num_user":          desc("badger_iterator_num_user", "Badger: iterators created."),
		"badger_compaction_current_num_lsm": desc("badger_compaction_current_num_lsm", "Badger: compactions running."),
		"badger_get_num_lsm":                desc("badger_get_num_lsm", "Badger: LSM lookups by level.", "level"),
		"badger_write_bytes_compaction":     desc("badger_write_bytes_compaction", "Badger: bytes written by compaction, by level.", "level"),
		"badger_write_pending_num_memtable": desc("badger_write_pending_num_memtable", "Badger: writes waiting for the memtable, by directory.", "dir"),
		"badger_hit_num_lsm_bloom_filter":   desc("badger_hit_num_lsm_bloom_filter", "Badger: bloom filter hits by level.", "level"),
		"badger_size_bytes_lsm":             desc("badger_size_bytes_lsm", "Badger: LSM size by directory.", "dir"),
		"badger_size_bytes_vlog":            desc("badger_size_bytes_vlog", "Badger: value log size by directory.", "dir"),
		"badger_read_bytes_lsm":             desc("badger_read_bytes_lsm", "Badger: bytes read from the LSM tree."),
		"badger_read_bytes_vlog":            desc("badger_read_bytes_vlog", "Badger: bytes read from the value log."),
		"badger_write_bytes_vlog":           desc("badger_write_bytes_vlog", "Badger: bytes written to the value log."),
		"badger_get_with_result_num_user":   desc("badger_get_with_result_num_user", "Badger: reads that found a value."),
	})
}

// stateCollector reads the index and store at scrape time.
type stateCollector struct{ s *Server }

var (
	descIndexDocs   = prometheus.NewDesc("jippnas_index_documents", "Documents in the live index.", nil, nil)
	descIndexHWM    = prometheus.NewDesc("jippnas_index_high_water_mark", "Last store change the live index holds.", nil, nil)
	descStoreSeq    = prometheus.NewDesc("jippnas_store_sequence", "Last change in the store.", nil, nil)
	descIndexLag    = prometheus.NewDesc("jippnas_index_lag_changes", "Store changes the index has not applied yet.", nil, nil)
	descIndexGen    = prometheus.NewDesc("jippnas_index_generation_info", "The live index generation (1, labelled by name and schema).", []string{"name", "schema"}, nil)
	descIndexVer    = prometheus.NewDesc("jippnas_index_version", "Changes whenever the indexed content changes.", nil, nil)
	descDocsByType  = prometheus.NewDesc("jippnas_documents", "Documents in the index by type.", []string{"type"}, nil)
	descStoreBytes  = prometheus.NewDesc("jippnas_store_size_bytes", "Store size on disk, by part.", []string{"part"}, nil)
	descStoreSyncs  = prometheus.NewDesc("jippnas_store_syncs_total", "fsync rounds of the store's group commit.", nil, nil)
	descStoreSyncS  = prometheus.NewDesc("jippnas_store_sync_seconds_total", "Time spent in the store's fsyncs.", nil, nil)
	descStoreAcks   = prometheus.NewDesc("jippnas_store_acknowledged_writes_total", "Store writes acknowledged after an fsync.", nil, nil)
	descStoreFailed = prometheus.NewDesc("jippnas_store_sync_failed", "1 once an fsync failed: the store takes no more writes until restarted.", nil, nil)
)

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descIndexDocs, descIndexHWM, descStoreSeq, descIndexLag, descIndexGen, descIndexVer,
		descDocsByType, descStoreBytes, descStoreSyncs, descStoreSyncS, descStoreAcks, descStoreFailed} {
		ch <- d
	}
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.s.index.Stats()
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	counter := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v)
	}
	gauge(descIndexDocs, float64(st.Documents))
	gauge(descIndexHWM, float64(st.HWM))
	gauge(descStoreSeq, float64(st.StoreSeq))
	gauge(descIndexLag, float64(st.StoreSeq-min(st.HWM, st.StoreSeq)))
	gauge(descIndexGen, 1, st.Name, st.Schema)
	gauge(descIndexVer, float64(c.s.index.Version()))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if byType, err := c.s.search.FacetCounts(ctx, nil, facet.Type); err == nil {
		for _, v := range byType {
			gauge(descDocsByType, float64(v.Count), v.Value)
		}
	}
	lsm, vlog := c.s.store.Size()
	gauge(descStoreBytes, float64(lsm), "lsm")
	gauge(descStoreBytes, float64(vlog), "vlog")
	ss := c.s.store.SyncStats()
	counter(descStoreSyncs, float64(ss.Syncs))
	counter(descStoreSyncS, ss.SyncTime.Seconds())
	counter(descStoreAcks, float64(ss.Acks))
	failed := 0.0
	if ss.Failed {
		failed = 1
	}
	gauge(descStoreFailed, failed)
}

// RegisterMetrics adds the command's own metrics (scheduled backups) to the
// ones MetricsHandler serves.
func (s *Server) RegisterMetrics(cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := s.metrics.reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}
