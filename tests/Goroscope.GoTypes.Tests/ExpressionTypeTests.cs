namespace Goroscope.GoTypes.Tests;

/// <summary>The type of each kind of expression a concurrency rule asks about, on small programs checked against the Go 1.27 standard library.</summary>
public class ExpressionTypeTests
{
    private static Package Load(string body) => GoSource.Module("package main\n\n" + body + "\n\nfunc main() {}\n").Load();

    [Fact]
    public void FieldsOfAStructReachedThroughAPointerReceiver()
    {
        using var src = GoSource.Module("""
            package main

            import "sync"

            type server struct {
                mu      sync.Mutex
                results chan<- string
            }

            func (s *server) send() {
                s.mu.Lock()
                s.results <- "done"
            }

            func main() {}
            """);
        var package = src.Load();
        Assert.Equal("sync.Mutex", package.TypeOf("s.mu"));
        Assert.Equal("chan<- string", package.TypeOf("s.results"));
        Assert.Equal("func()", package.TypeOf("s.mu.Lock"));
    }

    [Fact]
    public void EmbeddedFieldsPromoteTheirFieldsAndMethods()
    {
        var package = Load("""
            import "sync"

            type base struct{ done chan struct{} }

            type cache struct {
                sync.RWMutex
                *base
            }

            func use(c *cache) {
                c.RLock()
                close(c.done)
                _ = c.RWMutex
            }
            """);
        Assert.Equal("func()", package.TypeOf("c.RLock"));
        Assert.Equal("chan struct{}", package.TypeOf("c.done"));
        Assert.Equal("sync.RWMutex", package.TypeOf("c.RWMutex"));
        Assert.True(package.Info.ObjectOf(package.Find<GoSyntax.SelectorExpr>("c.RLock").Sel) is Func { Name: "RLock", Package.Path: "sync" });
    }

    [Fact]
    public void MultiValueCallsGiveEachVariableItsResult()
    {
        var package = Load("""
            import (
                "context"
                "net/http"
            )

            func f(parent context.Context) {
                ctx, cancel := context.WithTimeout(parent, 0)
                resp, err := http.Get("http://127.0.0.1/")
                _, _, _, _ = ctx, cancel, resp, err
            }
            """);
        Assert.Equal("context.Context", package.TypeOf("ctx"));
        Assert.Equal("context.CancelFunc", package.TypeOf("cancel"));
        Assert.Equal("*net/http.Response", package.TypeOf("resp"));
        Assert.Equal("error", package.TypeOf("err"));
        Assert.Equal("(context.Context, context.CancelFunc)", package.TypeOf("context.WithTimeout(parent, 0)"));
    }

    [Fact]
    public void CommaOkFormsGiveTheValueAndABool()
    {
        var package = Load("""
            func f(ch <-chan int, m map[string]chan bool, x any) {
                v, ok := <-ch
                c, found := m["k"]
                s, isString := x.(string)
                _, _, _, _, _, _ = v, ok, c, found, s, isString
            }
            """);
        Assert.Equal("int", package.TypeOf("v"));
        Assert.Equal("bool", package.TypeOf("ok"));
        Assert.Equal("chan bool", package.TypeOf("c"));
        Assert.Equal("string", package.TypeOf("s"));
        Assert.Equal("bool", package.TypeOf("isString"));
    }

    [Fact]
    public void ChannelDirectionsAndElementTypesAreKept()
    {
        var package = Load("""
            func f() {
                jobs := make(chan []byte, 4)
                var in <-chan []byte = jobs
                var out chan<- []byte = jobs
                nested := make(chan (<-chan int))
                _, _, _ = in, out, nested
            }
            """);
        Assert.Equal("chan []byte", package.TypeOf("jobs"));
        Assert.Equal("<-chan []byte", package.TypeOf("in"));
        Assert.Equal("chan<- []byte", package.TypeOf("out"));
        Assert.Equal("chan (<-chan int)", package.TypeOf("nested"));
    }

    [Fact]
    public void RangeVariablesTakeTheElementTypes()
    {
        var package = Load("""
            import "time"

            func f(timers map[string]*time.Timer, queue chan *time.Ticker, list []chan int, text string) {
                for name, timer := range timers {
                    _, _ = name, timer
                }
                for ticker := range queue {
                    _ = ticker
                }
                for i, ch := range list {
                    _, _ = i, ch
                }
                for _, r := range text {
                    _ = r
                }
                for n := range 10 {
                    _ = n
                }
            }
            """);
        Assert.Equal("*time.Timer", package.TypeOf("timer"));
        Assert.Equal("*time.Ticker", package.TypeOf("ticker"));
        Assert.Equal("chan int", package.TypeOf("ch"));
        Assert.Equal("int", package.TypeOf("i"));
        Assert.Equal("rune", package.TypeOf("r"));
        Assert.Equal("int", package.TypeOf("n"));
    }

    [Fact]
    public void RangeOverAnIteratorFunctionGivesTheYieldParameters()
    {
        var package = Load("""
            import "iter"

            func f(seq iter.Seq2[string, chan error]) {
                for k, errs := range seq {
                    _, _ = k, errs
                }
            }
            """);
        Assert.Equal("chan error", package.TypeOf("errs"));
    }

    [Fact]
    public void CompositeLiteralsConversionsIndexAndSliceExpressions()
    {
        var package = Load("""
            import "sync"

            type group struct{ wg *sync.WaitGroup }

            type signal chan struct{}

            func f(raw chan struct{}, arr [3]chan int) {
                g := group{wg: new(sync.WaitGroup)}
                all := []group{{wg: g.wg}}
                s := signal(raw)
                first := arr[0]
                some := arr[1:]
                _, _, _, _, _ = g, all, s, first, some
            }
            """);
        Assert.Equal("main.group", package.TypeOf("g").Replace("example.com/m.", "main.", StringComparison.Ordinal));
        Assert.Equal("*sync.WaitGroup", package.TypeOf("g.wg"));
        Assert.Equal("*sync.WaitGroup", package.TypeOf("new(sync.WaitGroup)"));
        Assert.Equal("example.com/m.signal", package.TypeOf("s"));
        Assert.Equal("chan int", package.TypeOf("first"));
        Assert.Equal("[]chan int", package.TypeOf("some"));
    }

    [Fact]
    public void ATypeSwitchGivesEachClauseItsOwnVariable()
    {
        var package = Load("""
            import "sync"

            func f(x any) {
                switch v := x.(type) {
                case *sync.Mutex:
                    v.Lock()
                case chan int, chan string:
                    _ = v
                }
            }
            """);
        Assert.Null(package.Info.ObjectOf(package.Find<GoSyntax.Ident>("v", 0))); // the symbolic v of v := x.(type), as in go/types
        Assert.Equal("*sync.Mutex", package.Info.TypeOf(package.Find<GoSyntax.Ident>("v", 1))?.ToString());
        Assert.Equal("any", package.Info.TypeOf(package.Find<GoSyntax.Ident>("v", 2))?.ToString());
    }

    [Fact]
    public void ClosuresSeeTheVariablesOfTheFunctionAroundThem()
    {
        var package = Load("""
            import "sync"

            func f() {
                var wg sync.WaitGroup
                done := make(chan bool)
                go func() {
                    defer wg.Done()
                    done <- true
                }()
                wg.Wait()
            }
            """);
        Assert.Equal("sync.WaitGroup", package.TypeOf("wg"));
        Assert.Equal("func()", package.TypeOf("wg.Done"));
        Assert.Equal("chan bool", package.TypeOf("done"));
    }

    [Fact]
    public void BuiltinsHaveTheirResultTypes()
    {
        var package = Load("""
            func f(xs []chan int, ch chan int) {
                more := append(xs, ch)
                n := len(xs)
                p := new(chan int)
                _, _, _ = more, n, p
            }
            """);
        Assert.Equal("[]chan int", package.TypeOf("more"));
        Assert.Equal("int", package.TypeOf("n"));
        Assert.Equal("*chan int", package.TypeOf("p"));
    }

    [Fact]
    public void UntypedConstantsKeepTheirUntypedTypeAndDefaultWhenAssigned()
    {
        var package = Load("""
            const limit = 10

            func f() {
                x := limit
                y := 2.5
                _, _ = x, y
            }
            """);
        Assert.Equal("untyped int", package.TypeOf("limit"));
        Assert.Equal("int", package.TypeOf("x"));
        Assert.Equal("float64", package.TypeOf("y"));
    }

    [Fact]
    public void AMutexInsideAGenericTypeIsKnownAndTypeParametersStayParameters()
    {
        var package = Load("""
            import "sync"

            type Cache[K comparable, V any] struct {
                mu    sync.Mutex
                items map[K]V
            }

            func (c *Cache[K, V]) Get(k K) V {
                c.mu.Lock()
                defer c.mu.Unlock()
                return c.items[k]
            }

            func use() {
                c := &Cache[string, chan int]{}
                ch := c.Get("a")
                _ = ch
            }
            """);
        Assert.Equal("sync.Mutex", package.TypeOf("c.mu"));
        Assert.Equal("map[K]V", package.TypeOf("c.items"));
        Assert.Equal("chan int", package.TypeOf("ch"));
        Assert.Equal("*example.com/m.Cache[string, chan int]", package.TypeOf("&Cache[string, chan int]{}"));
        Assert.Equal("K", package.TypeOf("k"));
    }

    [Fact]
    public void GenericFunctionResultsAreInferredFromTheArguments()
    {
        var package = Load("""
            func first[T any](xs []T) T { return xs[0] }

            func f(chans []chan error) {
                c := first(chans)
                _ = c
            }
            """);
        Assert.Equal("chan error", package.TypeOf("c"));
    }

    [Fact]
    public void CgoNamesAreUnknownAndTheRestOfTheFileIsNot()
    {
        using var src = GoSource.Module("""
            package main

            // #include <stdlib.h>
            import "C"

            func main() {
                p := C.malloc(16)
                done := make(chan struct{})
                _, _ = p, done
            }
            """);
        var package = src.Load(environment: GoSource.Environment() with { CgoEnabled = true });
        Assert.Equal("unknown", package.TypeOf("p"));
        Assert.Equal("chan struct{}", package.TypeOf("done"));
    }

    [Fact]
    public void LocalDeclarationsShadowOuterOnes()
    {
        var package = Load("""
            var value = make(chan int)

            func f() {
                value := "text"
                {
                    value := 1.5
                    _ = value
                }
                _ = value
            }
            """);
        Assert.Equal("string", package.Info.TypeOf(package.Find<GoSyntax.Ident>("value", 1))?.ToString());
        Assert.Equal("float64", package.Info.TypeOf(package.Find<GoSyntax.Ident>("value", 2))?.ToString());
        Assert.Equal("string", package.Info.TypeOf(package.Find<GoSyntax.Ident>("value", 4))?.ToString());
    }

    [Fact]
    public void AGenericMethodHasItsOwnTypeParametersAndCallsInferThem()
    {
        var package = Load("""
            type Pool struct{}

            func Item() int { return 0 }

            func (p *Pool) Get[Item any](fallback Item) Item { return Item(fallback) }

            func use(p *Pool, ch chan int) {
                got := p.Get(ch)
                _ = got
            }
            """);
        Assert.Equal("Item", package.TypeOf("Item(fallback)"));
        Assert.Equal("chan int", package.TypeOf("got"));
    }

    [Fact]
    public void AnArrayLiteralWhoseLengthCannotBeWorkedOutIsUnknown()
    {
        var package = Load("""
            import "unsafe"

            func f() {
                table := [...]chan int{unsafe.Sizeof(0): nil}
                _ = table
            }
            """);
        Assert.Equal("unknown", package.TypeOf("table"));
    }

    [Fact]
    public void ExpressionsNestedThousandsDeepAreResolvedWithoutOverflowingTheStack()
    {
        var sum = string.Join(" + ", Enumerable.Repeat("\"x\"", 20_000));
        var package = Load($"var long = {sum}\n\nfunc f() {{\n\ts := {sum}\n\tch := make(chan int)\n\t_, _ = s, ch\n}}");
        Assert.Equal("chan int", package.TypeOf("ch"));
    }
}
