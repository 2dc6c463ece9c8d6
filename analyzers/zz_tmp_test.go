package analyzers

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
)

// temporary helper (to be deleted): STEMW="a b c" go test -run TestTmpStem
func TestTmpStem(t *testing.T) {
	ws := os.Getenv("STEMW")
	if ws == "" {
		t.Skip()
	}
	s := NewStemmer()
	d := loadDictionary()
	dbg := os.Getenv("DBG") != ""
	var words []string
	if ws == "-" {
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			words = append(words, sc.Text())
		}
	} else {
		words = strings.Fields(ws)
	}
	for _, w := range words {
		fmt.Printf("%s\t%s\n", w, s.Stem(w))
		if dbg {
			var c []parse
			s.generate(w, &c)
			for i := range c {
				sc := s.score(d, w, &c[i])
				if sc > 0 {
					fmt.Printf("   %d %s %s infl=%d\n", sc, c[i].root, c[i].pattern(), c[i].nInfl)
				}
			}
		}
	}
}

func TestTmpDerived(t *testing.T) {
	if os.Getenv("DERIVED") == "" {
		t.Skip()
	}
	d := loadDictionary()
	for _, w := range d.list {
		if d.roots[w].derived {
			fmt.Println(w)
		}
	}
}
