package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"jippnas/content/hub"
	"jippnas/content/importer"
	"jippnas/content/store"
)

// Import jobs of the website's upload. An uploaded file lives in its own
// folder of the spool directory (never in memory) from the upload until
// the import ends or is cancelled. The dry run starts at once; the import
// starts when the admin confirms the report. Both run as the server's
// background work, one at a time, and stop cleanly on shutdown. Jobs are
// kept in memory: a restart ends them (cmd empties the spool folder), and
// what an import wrote stays recorded as its batch.

type jobState string

const (
	jobQueued    jobState = "menunggu"
	jobChecking  jobState = "memeriksa"
	jobChecked   jobState = "siap"
	jobWriting   jobState = "menulis"
	jobDone      jobState = "selesai"
	jobFailed    jobState = "gagal"
	jobCancelled jobState = "dibatalkan"
)

// jobExpiry is how long a job stays listed once it ended or waits for
// confirmation.
const jobExpiry = 24 * time.Hour

type importJob struct {
	id      string
	by      hub.Actor
	dir     string
	path    string
	mapping *importer.Mapping
	label   string // the mapping as the admin chose it
	created time.Time

	mu       sync.Mutex
	state    jobState
	prog     hub.ImportProgress
	started  time.Time // of the current phase
	report   *importer.Report
	pairs    []hub.DuplicatePair
	batch    hub.Batch
	result   store.ImportResult
	errText  string
	fileErr  bool
	finished time.Time
	cancel   context.CancelFunc
}

// jobSnapshot is a job as a page shows it.
type jobSnapshot struct {
	ID, File, Label string
	By              string
	Created         time.Time
	State           jobState
	Prog            hub.ImportProgress
	Started         time.Time
	Report          *importer.Report
	Batch           hub.Batch
	Result          store.ImportResult
	Err             string
	FileErr         bool
	Running         bool
}

func (j *importJob) snapshot() jobSnapshot {
	j.mu.Lock()
	defer j.mu.Unlock()
	return jobSnapshot{ID: j.id, File: filepath.Base(j.path), Label: j.label, By: j.by.Account.Name, Created: j.created, State: j.state,
		Prog: j.prog, Started: j.started, Report: j.report, Batch: j.batch, Result: j.result, Err: j.errText, FileErr: j.fileErr,
		Running: j.state == jobQueued || j.state == jobChecking || j.state == jobWriting}
}

func (j *importJob) set(fn func(j *importJob)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	fn(j)
}

// progress records how far the current phase is.
func (j *importJob) progress(p hub.ImportProgress) {
	j.set(func(j *importJob) {
		if p.Phase != j.prog.Phase {
			j.started = time.Now()
		}
		j.prog = p
	})
}

// importJobs are the jobs of the server.
type importJobs struct {
	mu   sync.Mutex
	m    map[string]*importJob
	sem  chan struct{} // one dry run or import at a time
	once sync.Once
}

func (js *importJobs) init() {
	js.once.Do(func() {
		js.m = map[string]*importJob{}
		js.sem = make(chan struct{}, 1)
	})
}

func newJobID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (js *importJobs) add(j *importJob) {
	js.init()
	js.mu.Lock()
	defer js.mu.Unlock()
	js.m[j.id] = j
}

func (js *importJobs) get(id string) (*importJob, bool) {
	js.init()
	js.mu.Lock()
	defer js.mu.Unlock()
	j, ok := js.m[id]
	return j, ok
}

// remove forgets a job and deletes its files.
func (js *importJobs) remove(j *importJob) {
	js.init()
	js.mu.Lock()
	delete(js.m, j.id)
	js.mu.Unlock()
	os.RemoveAll(j.dir)
}

// list returns the jobs, newest first, after forgetting expired ones.
func (js *importJobs) list() []*importJob {
	js.init()
	js.mu.Lock()
	var out, expired []*importJob
	for _, j := range js.m {
		st := j.snapshot()
		idle := st.Created
		if !j.finished.IsZero() {
			idle = j.finished
		}
		if !st.Running && time.Since(idle) > jobExpiry {
			expired = append(expired, j)
			continue
		}
		out = append(out, j)
	}
	js.mu.Unlock()
	for _, j := range expired {
		js.remove(j)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].created.After(out[b].created) })
	return out
}

// acquire takes the one slot for import work, or gives up with ctx.
func (js *importJobs) acquire(ctx context.Context) error {
	js.init()
	select {
	case js.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (js *importJobs) release() { <-js.sem }

// fileImport is the job's file for the hub.
func (s *Server) fileImport(j *importJob) hub.FileImport {
	return hub.FileImport{Path: j.path, Name: filepath.Base(j.path), Mapping: j.mapping, Read: importer.ReadOptions{TempDir: j.dir}, Progress: j.progress}
}

// runPhase runs a phase of a job as the server's background work, after
// the phases of other jobs (one at a time); the job can be cancelled while
// it waits.
func (s *Server) runPhase(j *importJob, task string, state jobState, phase func(ctx context.Context)) bool {
	return s.bg.start(task, func(ctx context.Context) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		j.set(func(j *importJob) { j.cancel, j.state = cancel, jobQueued })
		if err := s.jobs.acquire(ctx); err != nil {
			s.jobEnded(j, nil, err)
			return
		}
		defer s.jobs.release()
		j.set(func(j *importJob) { j.state, j.started, j.prog = state, time.Now(), hub.ImportProgress{} })
		phase(ctx)
	})
}

// startCheck runs a job's dry run in the background.
func (s *Server) startCheck(j *importJob) bool {
	return s.runPhase(j, "impor "+j.id+" (pemeriksaan)", jobChecking, func(ctx context.Context) {
		fi := s.fileImport(j)
		fi.Duplicates = DuplicateLookup(s.similar)
		dr, err := s.hub.DryRun(ctx, j.by, fi)
		if err != nil {
			s.jobEnded(j, nil, err)
			return
		}
		j.set(func(j *importJob) {
			j.state, j.report, j.pairs, j.finished = jobChecked, dr.Report, dr.Pairs, time.Now()
		})
	})
}

// startWrite runs a checked job's import in the background.
func (s *Server) startWrite(j *importJob, skipInvalid bool) bool {
	return s.runPhase(j, "impor "+j.id, jobWriting, func(ctx context.Context) {
		s.metrics.importing.Inc()
		defer s.metrics.importing.Dec()
		fi := s.fileImport(j)
		fi.SkipInvalid, fi.AfterBatch = skipInvalid, s.index.CatchUp
		b, res, err := s.hub.RunImport(ctx, j.by, fi, j.pairs)
		j.set(func(j *importJob) { j.batch, j.result = b, res })
		s.jobEnded(j, &b, err)
	})
}

// jobEnded records how a phase ended; an import that wrote (or a file that
// cannot be read) no longer needs its file.
func (s *Server) jobEnded(j *importJob, b *hub.Batch, err error) {
	var fe *importer.FileError
	j.set(func(j *importJob) {
		j.finished, j.cancel = time.Now(), nil
		switch {
		case err == nil:
			j.state = jobDone
		case errors.Is(err, context.Canceled):
			j.state, j.errText = jobCancelled, "Dihentikan sebelum selesai."
		default:
			j.state, j.errText, j.fileErr = jobFailed, err.Error(), errors.As(err, &fe)
		}
	})
	if b != nil || errors.As(err, &fe) {
		os.RemoveAll(j.dir)
	}
	if err != nil && !errors.Is(err, context.Canceled) && !errors.As(err, &fe) && b == nil {
		s.log.Error("import job", "job", j.id, "err", err)
	}
}
