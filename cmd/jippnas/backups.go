package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"jippnas/content/store"
)

// backupSchedule writes a backup every period into dir and keeps the newest
// keep of them. Backups are named by their UTC time, so that names sort by
// age: jippnas-20260131T020000Z.backup.
type backupSchedule struct {
	dir    string
	every  time.Duration
	keep   int
	store  *store.Store
	log    *slog.Logger
	now    func() time.Time
	last   prometheus.Gauge
	failed prometheus.Counter
	docs   prometheus.Gauge
}

const backupPrefix, backupSuffix = "jippnas-", ".backup"

func newBackupSchedule(dir string, every time.Duration, keep int, st *store.Store, log *slog.Logger) (*backupSchedule, error) {
	if every < time.Second {
		return nil, fmt.Errorf("--backup-every %s: must be at least 1s", every)
	}
	if keep < 1 {
		return nil, fmt.Errorf("--backup-keep %d: must be at least 1", keep)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("backup folder: %w", err)
	}
	return &backupSchedule{dir: dir, every: every, keep: keep, store: st, log: log, now: time.Now,
		last: prometheus.NewGauge(prometheus.GaugeOpts{Name: "jippnas_backup_last_success_timestamp_seconds",
			Help: "When the last scheduled backup finished (Unix time)."}),
		failed: prometheus.NewCounter(prometheus.CounterOpts{Name: "jippnas_backup_failures_total", Help: "Scheduled backups that failed."}),
		docs: prometheus.NewGauge(prometheus.GaugeOpts{Name: "jippnas_backup_last_documents",
			Help: "Documents in the last scheduled backup."}),
	}, nil
}

func (b *backupSchedule) collectors() []prometheus.Collector {
	return []prometheus.Collector{b.last, b.failed, b.docs}
}

// backups lists the schedule's backups, oldest first.
func (b *backupSchedule) backups() ([]string, error) {
	names, err := filepath.Glob(filepath.Join(b.dir, backupPrefix+"*"+backupSuffix))
	sort.Strings(names)
	return names, err
}

// run backs up every period until ctx ends. The first backup is due one
// period after the newest one found (at once if none).
func (b *backupSchedule) run(ctx context.Context) {
	next := b.now()
	if names, _ := b.backups(); len(names) > 0 {
		if t, err := time.Parse("20060102T150405Z", strings.TrimSuffix(strings.TrimPrefix(filepath.Base(names[len(names)-1]), backupPrefix), backupSuffix)); err == nil {
			next = t.Add(b.every)
		}
	}
	for {
		wait := time.Until(next)
		if b.now().After(next) {
			wait = 0
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		b.once()
		next = b.now().Add(b.every)
	}
}

// once writes one backup and removes the ones beyond keep.
func (b *backupSchedule) once() {
	start := b.now()
	path := filepath.Join(b.dir, backupPrefix+start.UTC().Format("20060102T150405Z")+backupSuffix)
	n, err := b.store.BackupFile(path)
	if err != nil {
		b.failed.Inc()
		b.log.Error("scheduled backup failed", "file", path, "err", err)
		return
	}
	b.last.Set(float64(b.now().Unix()))
	b.docs.Set(float64(n))
	b.log.Info("backup written", "file", path, "documents", n, "took", time.Since(start).Round(time.Millisecond))
	names, err := b.backups()
	if err != nil {
		b.log.Warn("list backups", "err", err)
		return
	}
	for len(names) > b.keep {
		if err := os.Remove(names[0]); err != nil {
			b.log.Warn("remove old backup", "file", names[0], "err", err)
		} else {
			b.log.Info("old backup removed", "file", names[0])
		}
		names = names[1:]
	}
}
