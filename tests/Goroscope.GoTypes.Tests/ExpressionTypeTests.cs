namespace Goroscope.GoTypes.Tests;

public class ExpressionTypeTests
{
    [Fact]
    public void Smoke()
    {
        using var src = GoSource.Module("""
            package main

            import (
                "context"
                "sync"
                "net/http"
            )

            type server struct {
                mu      sync.Mutex
                results chan<- string
            }

            func (s *server) send() {
                s.results <- "done"
            }

            func (s *server) run(ctx context.Context) {
                s.mu.Lock()
                ctx2, cancel := context.WithCancel(ctx)
                defer cancel()
                resp, err := http.Get("x")
                _ = resp
                _ = err
                _ = ctx2
            }

            func main() {}
            """);
        var package = src.Load();
        Assert.Equal("sync.Mutex", package.TypeOf("s.mu"));
        Assert.Equal("chan<- string", package.TypeOf("s.results"));
        Assert.Equal("context.CancelFunc", package.TypeOf("cancel"));
        Assert.Equal("*net/http.Response", package.TypeOf("resp"));
        Assert.Equal("func()", package.TypeOf("s.mu.Lock"));
    }
}
