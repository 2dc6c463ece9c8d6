package index

import ("testing";"time";"fmt")

func BenchmarkZZ(b *testing.B) {
	ix, _ := benchIndex(b, 10000)
	g := ix.acquire(); defer g.release()
	for i := 0; i < 8; i++ {
		m := g.idx.StatsMap()["index"].(map[string]interface{})
		fmt.Println(m["num_root_filesegments"], m["num_root_memorysegments"], m["TotFileMergeLoopBeg"], m["TotFileMergeLoopEnd"], m["TotPersistLoopBeg"], m["TotPersistLoopEnd"], m["num_persister_nap_pause_completed"], m["TotFileMergePlanTasksDone"], m["TotFileMergePlanTasks"])
		time.Sleep(2 * time.Second)
	}
}
