// Command dumpsummary groups the goroutines of a debug=2 goroutine dump by
// (wait state, blocking function, its file:line, created-by function) and prints
// one tab-separated line per group with its count.
//
// The blocking function is the first frame from the top in package main (-pkg); for
// goroutines with no main frame (standard library goroutines) it is the bottom
// frame, the goroutine's own entry function.
//
// With -debug1 it reads debug=1 text instead (groups by function and file:line only).
//
// With -check EXPECTED.tsv -program P -version goV it instead checks every row of
// EXPECTED.tsv for program P against the dump and exits 1 on any mismatch.
// record.sh uses it to verify the recordings.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

var (
	header  = regexp.MustCompile(`^goroutine \d+ (?:gp=\S+ m=\S+(?: mp=\S+)? )?\[([^\]]*)\]`)
	minutes = regexp.MustCompile(`, \d+ minutes`)
	fileLn  = regexp.MustCompile(`^\t(\S+):(\d+)`)
)

type group struct {
	state, fn, loc, createdBy string
}

type frame struct{ fn, loc string }

var userPkg = "main."

func main() {
	check := flag.String("check", "", "EXPECTED.tsv to check against")
	program := flag.String("program", "", "program column to check")
	version := flag.String("version", "", "version suffix of the columns to check, e.g. go1.27")
	leak := flag.Bool("leak", false, "the dump is a goroutineleak debug=2 dump: check the leaked_go1.27 column")
	partial := flag.Bool("partial", false, "do not require the rows to account for every goroutine (crash traces with runtime goroutines)")
	flag.StringVar(&userPkg, "pkg", "main.", "function name prefix of the program's own frames")
	debug1 := flag.Bool("debug1", false, "the dump is debug=1 text: group by function and file:line only")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: dumpsummary [-check EXPECTED.tsv -program P -version goV [-leak]] DEBUG2.txt")
		os.Exit(2)
	}
	var counts map[group]int
	var total int
	if *debug1 {
		counts, total = parseDebug1(flag.Arg(0))
	} else {
		counts, total = parse(flag.Arg(0))
	}
	if *check == "" {
		keys := make([]group, 0, len(counts))
		for k := range counts {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			a, b := keys[i], keys[j]
			if a.fn != b.fn {
				return a.fn < b.fn
			}
			return a.state < b.state
		})
		fmt.Println("count\tstate\tfunc\tloc\tcreated_by")
		for _, k := range keys {
			fmt.Printf("%d\t%s\t%s\t%s\t%s\n", counts[k], k.state, k.fn, k.loc, k.createdBy)
		}
		fmt.Fprintf(os.Stderr, "%d goroutines\n", total)
		return
	}
	os.Exit(verify(*check, *program, *version, *leak, *partial, *debug1, counts, total))
}

func parse(name string) (map[group]int, int) {
	f, err := os.Open(name)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	counts := map[group]int{}
	total := 0
	var state, createdBy, pending string
	var frames []frame
	flush := func() {
		if state == "" {
			return
		}
		g := group{state: state, createdBy: createdBy}
		for _, fr := range frames {
			if strings.HasPrefix(fr.fn, userPkg) {
				g.fn, g.loc = fr.fn, fr.loc
				break
			}
		}
		if g.fn == "" && len(frames) > 0 {
			g.fn, g.loc = frames[len(frames)-1].fn, frames[len(frames)-1].loc
		}
		counts[g]++
		total++
		state, createdBy, frames = "", "", nil
	}
	inCreated := false
	for sc.Scan() {
		line := sc.Text()
		if m := header.FindStringSubmatch(line); m != nil {
			flush()
			state = minutes.ReplaceAllString(m[1], "")
			pending, inCreated = "", false
			continue
		}
		if state == "" || line == "" {
			continue
		}
		if m := fileLn.FindStringSubmatch(line); m != nil {
			if pending != "" && !inCreated && createdBy == "" {
				frames = append(frames, frame{pending, path.Base(m[1]) + ":" + m[2]})
			}
			pending = ""
			continue
		}
		if strings.HasPrefix(line, "created by ") {
			cb := strings.TrimPrefix(line, "created by ")
			if i := strings.Index(cb, " in goroutine "); i >= 0 {
				cb = cb[:i]
			}
			if createdBy == "" { // later ones belong to [originating from goroutine N] blocks
				createdBy = cb
			}
			inCreated = true
			continue
		}
		if strings.HasPrefix(line, "\t") || strings.HasPrefix(line, "...") || strings.HasPrefix(line, "[") {
			continue
		}
		fn := line
		if i := strings.LastIndex(fn, "("); i > 0 {
			fn = fn[:i]
		}
		pending, inCreated = fn, false
	}
	flush()
	return counts, total
}

func verify(file, program, version string, leak, partial, debug1 bool, counts map[group]int, total int) int {
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	col := map[string]int{}
	for i, h := range strings.Split(lines[0], "\t") {
		col[h] = i
	}
	get := func(row []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(row) {
			fmt.Fprintf(os.Stderr, "EXPECTED.tsv: no column %s\n", name)
			os.Exit(2)
		}
		return row[i]
	}
	bad, rows, sum := 0, 0, 0
	for _, l := range lines[1:] {
		row := strings.Split(l, "\t")
		if get(row, "program") != program {
			continue
		}
		want, _ := strconv.Atoi(get(row, "count"))
		fn, loc := get(row, "func_"+version), get(row, "loc_"+version)
		wait, cb := get(row, "wait_"+version), get(row, "created_by_"+version)
		if fn == "-" { // not present in this version
			continue
		}
		if leak && get(row, "leaked_go1.27") == "yes" {
			wait += " (leaked)"
		}
		if debug1 {
			// debug=1 has no states or creators; the goroutineleak profile's debug=1
			// holds only the leaked goroutines.
			if leak && get(row, "leaked_go1.27") != "yes" {
				continue
			}
			wait, cb = "", ""
		}
		rows++
		got := 0
		for g, n := range counts {
			if g.fn == fn && (loc == "*" || g.loc == loc) && g.state == wait && g.createdBy == cb {
				got += n
			}
		}
		sum += want
		if got != want {
			bad++
			fmt.Fprintf(os.Stderr, "MISMATCH %s %s/%s %s: want %d goroutines {%s %s [%s] created by %s}, got %d\n",
				program, get(row, "pattern"), get(row, "variant"), version, want, fn, loc, wait, cb, got)
		}
	}
	if debug1 {
		// rows sharing a function and line (none today) would be counted twice
		got := 0
		for _, n := range counts {
			got += n
		}
		if got != total {
			bad++
			fmt.Fprintf(os.Stderr, "MISMATCH %s %s: debug=1 groups add up to %d, header says total %d\n", program, version, got, total)
		}
	}
	if sum != total && !partial {
		bad++
		fmt.Fprintf(os.Stderr, "MISMATCH %s %s: EXPECTED rows add up to %d goroutines, dump has %d\n", program, version, sum, total)
	}
	if bad == 0 {
		fmt.Fprintf(os.Stderr, "ok %s %s: %d rows, %d goroutines\n", program, version, rows, total)
		return 0
	}
	return 1
}

var (
	d1total = regexp.MustCompile(`^goroutine(?:leak)? profile: total (\d+)`)
	d1group = regexp.MustCompile(`^(\d+) @ `)
	d1frame = regexp.MustCompile(`^#\t0x[0-9a-f]+\t(\S+)\+0x[0-9a-f]+\s+(\S+):(\d+)$`)
)

// parseDebug1 reads debug=1 text: "N @ pcs" groups with "#\tpc\tfunc+off\tfile:line"
// frames. Each group is keyed by its first userPkg frame (or its bottom frame).
func parseDebug1(name string) (map[group]int, int) {
	data, err := os.ReadFile(name)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	counts := map[group]int{}
	total := -1
	n := 0
	var frames []frame
	flush := func() {
		if n == 0 {
			return
		}
		g := group{}
		for _, fr := range frames {
			if strings.HasPrefix(fr.fn, userPkg) {
				g.fn, g.loc = fr.fn, fr.loc
				break
			}
		}
		if g.fn == "" && len(frames) > 0 {
			// debug=1 also prints runtime.main below main.main, which debug=2 leaves out.
			bottom := len(frames) - 1
			if frames[bottom].fn == "runtime.main" && bottom > 0 {
				bottom--
			}
			g.fn, g.loc = frames[bottom].fn, frames[bottom].loc
		}
		counts[g] += n
		n, frames = 0, nil
	}
	for _, line := range strings.Split(string(data), "\n") {
		if m := d1total.FindStringSubmatch(line); m != nil {
			total, _ = strconv.Atoi(m[1])
		} else if m := d1group.FindStringSubmatch(line); m != nil {
			flush()
			n, _ = strconv.Atoi(m[1])
		} else if m := d1frame.FindStringSubmatch(line); m != nil && n > 0 {
			frames = append(frames, frame{m[1], path.Base(m[2]) + ":" + m[3]})
		}
	}
	flush()
	if total < 0 {
		fmt.Fprintln(os.Stderr, name+": no \"profile: total N\" line")
		os.Exit(2)
	}
	return counts, total
}
