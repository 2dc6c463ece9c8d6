package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jippnas/content"

	"github.com/dgraph-io/badger/v4"
)

// TestGroupSyncCoversEveryAck: no update returns before a sync that began
// after its commit has finished, and concurrent updates share syncs.
func TestGroupSyncCoversEveryAck(t *testing.T) {
	t.Parallel()
	var syncing atomic.Bool
	var mu sync.Mutex
	var committed, synced uint64 // commits in the log; commits covered by the last finished sync
	g := newGroupSync(func() error {
		if syncing.Swap(true) {
			t.Error("two syncs at once")
		}
		mu.Lock()
		target := committed
		mu.Unlock()
		time.Sleep(2 * time.Millisecond) // an fsync
		mu.Lock()
		synced = target
		mu.Unlock()
		syncing.Store(false)
		return nil
	})
	var wg sync.WaitGroup
	var commitMu sync.Mutex // the store's write lock
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				commitMu.Lock()
				mu.Lock()
				committed++
				mine := committed
				mu.Unlock()
				ticket := g.commit()
				commitMu.Unlock()
				if err := g.wait(ticket); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if synced < mine {
					t.Errorf("commit %d acknowledged before it was synced (synced up to %d)", mine, synced)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	st := g.snapshot()
	if st.Acks != 320 {
		t.Fatalf("acks %d, want 320", st.Acks)
	}
	if st.Syncs >= 320/2 {
		t.Fatalf("%d syncs for 320 concurrent commits: no grouping", st.Syncs)
	}
	t.Logf("320 commits by 16 writers, %d syncs", st.Syncs)
}

// TestSyncFailureIsSticky: after a failed fsync the store refuses writes
// instead of acknowledging data the kernel may have dropped.
func TestSyncFailureIsSticky(t *testing.T) {
	t.Parallel()
	s, err := Open(Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Put(innovation("sync-1")); err != nil {
		t.Fatal(err)
	}
	s.durable.sync = func() error { return errors.New("EIO") }
	if _, err := s.Put(innovation("sync-2")); !errors.Is(err, content.ErrUnavailable) {
		t.Fatalf("write after a failed sync: %v, want ErrUnavailable", err)
	}
	s.durable.sync = func() error { return nil }
	if _, err := s.Put(innovation("sync-3")); !errors.Is(err, content.ErrUnavailable) {
		t.Fatalf("write after a failed sync is accepted again: %v", err)
	}
	if n := s.LastSeq(); n != 2 {
		// sync-2 is in the log (it may or may not survive a power cut);
		// sync-3 was refused before its commit.
		t.Fatalf("sequence %d, want 2", n)
	}
	if !s.SyncStats().Failed {
		t.Fatal("stats do not show the failure")
	}
}

// TestUnchangedPutWaitsForNothingNew: a write that changes nothing syncs
// nothing.
func TestUnchangedPutSyncsNothing(t *testing.T) {
	t.Parallel()
	s, err := Open(Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Put(innovation("same-1")); err != nil {
		t.Fatal(err)
	}
	before := s.SyncStats().Syncs
	for i := 0; i < 5; i++ {
		if _, err := s.Put(innovation("same-1")); err != nil {
			t.Fatal(err)
		}
	}
	if after := s.SyncStats().Syncs; after != before {
		t.Fatalf("unchanged puts ran %d syncs", after-before)
	}
}

// BenchmarkWriteLatency measures one write (Put of a typical innovation,
// acknowledged) with 1 and 16 concurrent writers, on disk, for:
//
//	nosync        the store before durable acknowledgements (SyncWrites off, no fsync)
//	badger-sync   Badger's SyncWrites on (one sync per commit, under the store's lock)
//	group         the store's group commit (the default)
//
// It reports p50 and p99 per write and the write rate.
//
//	go test ./content/store -run '^$' -bench WriteLatency -benchtime 2000x
func BenchmarkWriteLatency(b *testing.B) {
	modes := []struct {
		name string
		d    durability
	}{{"nosync", durableNone}, {"badger-sync", durableBadger}, {"group", durableGroup}}
	for _, m := range modes {
		for _, writers := range []int{1, 16} {
			b.Run(fmt.Sprintf("%s/writers=%d", m.name, writers), func(b *testing.B) {
				s, err := Open(Config{Dir: filepath.Join(b.TempDir(), "store"), durability: m.d})
				if err != nil {
					b.Fatal(err)
				}
				defer s.Close()
				lat := runWriters(b, writers, func(i int) error {
					d := innovation(fmt.Sprintf("bench-%d", i))
					d.Body = benchBody
					_, err := s.Put(d)
					return err
				})
				reportLatency(b, lat)
			})
		}
	}
}

// BenchmarkBadgerSyncWrites asks whether Badger groups syncs by itself:
// independent transactions (no store lock) with SyncWrites on.
//
//	go test ./content/store -run '^$' -bench BadgerSyncWrites -benchtime 2000x
func BenchmarkBadgerSyncWrites(b *testing.B) {
	for _, writers := range []int{1, 16} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			db, err := badger.Open(badger.DefaultOptions(b.TempDir()).WithSyncWrites(true).WithLogger(nil))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			value := []byte(benchBody)
			lat := runWriters(b, writers, func(i int) error {
				return db.Update(func(txn *badger.Txn) error {
					return txn.Set(fmt.Appendf(nil, "k%d", i), value)
				})
			})
			reportLatency(b, lat)
		})
	}
}

const benchBody = "## Latar Belakang\n\nPelayanan akta kelahiran langsung dari rumah sakit, tanpa antre di kantor dinas. " +
	"Petugas menjemput berkas, memverifikasi data, dan mengirim dokumen lewat pos atau surel.\n\n" +
	"## Hasil\n\nWaktu layanan turun dari tujuh hari menjadi satu hari; cakupan akta naik menjadi 98 persen."

// runWriters runs b.N calls of op spread over writers goroutines and
// returns each call's latency.
func runWriters(b *testing.B, writers int, op func(i int) error) []time.Duration {
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				t := time.Now()
				if err := op(i); err != nil {
					b.Error(err)
					return
				}
				lat[i] = time.Since(t)
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "writes/s")
	return lat
}

func reportLatency(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	ms := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(ms(0.5), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
	b.ReportMetric(0, "ns/op")
}

// TestOpenAfterKillDuringLogCreation: a process killed between creating a
// Badger log file and sizing it leaves an empty file; the store still
// opens, with every document.
func TestOpenAfterKillDuringLogCreation(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "store")
	s, err := Open(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(innovation("torn-1")); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"000097.mem", "000098.vlog"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err = Open(Config{Dir: dir})
	if err != nil {
		t.Fatalf("open after a torn log file: %v", err)
	}
	defer s.Close()
	if _, err := s.Get("torn-1"); err != nil {
		t.Fatal(err)
	}
}
