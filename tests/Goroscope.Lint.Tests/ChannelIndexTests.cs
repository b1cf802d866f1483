using Goroscope.GoSyntax;
using Goroscope.Lint.Flow;

namespace Goroscope.Lint.Tests;

/// <summary>The channel index the channel rules build on: names, capacities, operations, and escape.</summary>
public class ChannelIndexTests
{
    private static readonly Lazy<TypeResolution> Types = new(() => new TypeResolution());

    private const string Source = """
        package p

        import (
        	"os"
        	"os/signal"
        )

        const depth = 4

        type A struct {
        	results chan int
        	sigs    chan os.Signal
        	Events  chan string
        	nilch   chan int
        }

        type B struct{ results chan<- int }

        func newA(n int) *A {
        	a := &A{results: make(chan int), sigs: make(chan os.Signal, 1), Events: make(chan string, depth)}
        	signal.Notify(a.sigs, os.Interrupt)
        	return a
        }

        func newB(n int) *B { return &B{results: make(chan int, n)} }

        func send(out chan<- int, v int) { out <- v }

        func (a *A) loop(quit chan struct{}) {
        	for {
        		select {
        		case v := <-a.results:
        			_ = v
        		case <-quit:
        			return
        		default:
        		}
        	}
        }

        func (a *A) start() {
        	quit := make(chan struct{})
        	go a.loop(quit)
        	go send(a.results, 1)
        	close(quit)
        }

        func (a *A) leak() chan int {
        	ch := make(chan int)
        	return ch
        }

        func Exported(in chan int) { <-in }

        func stored(m map[string]chan int) {
        	ch := make(chan int)
        	m["x"] = ch
        }

        func (a *A) nothing() { a.nilch <- 1 }
        """;

    private static (ChannelIndex Index, Func<string, Channel> Named) Build()
    {
        var package = LintTest.Package([("a.go", Source)], types: Types.Value);
        var index = ChannelIndex.Build(package.Types!, package.Files, isLibrary: true);
        // A name as "A.results" for a field (its struct is where it is declared: the line tells) or "ch@leak" for a local.
        return (index, name => index.Channels.Single(c => c.Names.Any(n => Label(package.Files[0], n) == name)));
    }

    private static string Label(LintFile file, GoTypes.Var name)
    {
        if (name.IsField)
        {
            var type = file.Index.Ancestors(name.Declaration!).OfType<TypeSpec>().First();
            return type.Name.Name + "." + name.Name;
        }
        return file.Index.EnclosingFunction(name.Declaration!) is FuncDecl f ? name.Name + "@" + f.Name.Name : name.Name;
    }

    [Fact]
    public void Capacity_is_read_from_the_make_unbuffered_buffered_constant_buffered_variable_or_unknown()
    {
        var (_, named) = Build();
        Assert.Equal(ChannelCapacity.Unbuffered, named("A.results").Capacity);
        Assert.Equal(new ChannelCapacity(ChannelCapacity.Kinds.Buffered, 4), named("A.Events").Capacity);
        Assert.Equal(new ChannelCapacity(ChannelCapacity.Kinds.Buffered), named("B.results").Capacity);
        Assert.Equal(ChannelCapacity.Unknown, named("A.nilch").Capacity);
    }

    [Fact]
    public void A_field_of_two_struct_types_with_one_name_is_two_channels_with_their_own_direction()
    {
        var (_, named) = Build();
        Assert.NotSame(named("A.results"), named("B.results"));
        Assert.Equal(GoTypes.ChanDirection.Both, named("A.results").Type!.Direction);
        Assert.Equal(GoTypes.ChanDirection.SendOnly, named("B.results").Type!.Direction);
        Assert.Equal("int", named("B.results").Type!.Elem.ToString());
    }

    [Fact]
    public void A_parameter_fed_only_by_calls_in_the_package_is_the_channel_its_callers_pass()
    {
        var (_, named) = Build();
        Assert.Same(named("A.results"), named("out@send"));
        Assert.Same(named("quit@start"), named("quit@loop"));
        Assert.Contains(named("A.results").Ops, o => o.Kind == ChannelOpKind.Send && o.Function is FuncDecl { Name.Name: "send" });
    }

    [Fact]
    public void Operations_say_whether_they_are_in_a_select_and_whether_it_has_a_default()
    {
        var (_, named) = Build();
        var receive = Assert.Single(named("A.results").Ops, o => o.Kind == ChannelOpKind.Receive);
        Assert.NotNull(receive.Select);
        Assert.True(receive.SelectHasDefault);
        Assert.False(receive.MayBlock);
        Assert.Equal([ChannelOpKind.Receive, ChannelOpKind.Close], named("quit@start").Ops.Select(o => o.Kind).Order());
        Assert.True(Assert.Single(named("A.nilch").Ops).MayBlock);
    }

    [Fact]
    public void Channels_kept_in_the_package_do_not_escape()
    {
        var (_, named) = Build();
        Assert.Null(named("A.results").Escape);
        Assert.Null(named("quit@start").Escape);
    }

    [Theory]
    [InlineData("A.sigs", "is passed to `signal.Notify`")]
    [InlineData("A.Events", "is exported from a library package")]
    [InlineData("ch@leak", "is returned")]
    [InlineData("in@Exported", "is a parameter callers outside the package can pass")]
    [InlineData("ch@stored", "is stored in `m[\"x\"]`, where it cannot be followed")]
    public void A_channel_escapes_when_its_other_side_may_be_outside_the_package(string channel, string reason)
    {
        var (_, named) = Build();
        Assert.Contains(reason, named(channel).Escape!.Reason, StringComparison.Ordinal);
    }

    private const string Getters = """
        package p

        type stopper struct {
        	quiescer chan struct{}
        	done     chan struct{}
        	events   chan int
        }

        type waiter interface{ wait() <-chan int }

        func newStopper() *stopper {
        	return &stopper{quiescer: make(chan struct{}), done: make(chan struct{}), events: make(chan int)}
        }

        func (s *stopper) shouldQuiesce() <-chan struct{} { return s.quiescer }

        func (s *stopper) Done() <-chan struct{} { return s.done }

        func (s *stopper) wait() <-chan int { return s.events }

        func (s *stopper) run() {
        	<-s.shouldQuiesce()
        	<-s.Done()
        }
        """;

    private static Func<string, Channel> BuildGetters()
    {
        var package = LintTest.Package([("a.go", Getters)], types: Types.Value);
        var index = ChannelIndex.Build(package.Types!, package.Files, isLibrary: true);
        return name => index.Channels.Single(c => c.Names.Any(n => n.Name == name));
    }

    [Fact]
    public void A_call_of_a_private_getter_is_the_field_it_returns_and_its_return_is_no_escape()
    {
        var quiescer = BuildGetters()("quiescer");
        Assert.Contains(quiescer.Ops, o => o.Kind == ChannelOpKind.Receive && o.Operand is CallExpr);
        Assert.Null(quiescer.Escape);
    }

    [Fact]
    public void An_exported_getter_of_a_receive_only_channel_lets_outside_code_receive_but_not_send()
    {
        var done = BuildGetters()("done");
        Assert.Contains(done.Ops, o => o.Kind == ChannelOpKind.Receive && o.Operand is CallExpr);
        Assert.True(done.Escape!.ReceiveOnly);
        Assert.Null(done.SenderEscape);
    }

    [Fact]
    public void A_getter_an_interface_of_the_package_names_keeps_its_return_an_escape()
    {
        Assert.Contains("is returned", BuildGetters()("events").Escape!.Reason, StringComparison.Ordinal);
    }
    private const string NilSafeGetters = """
        package p

        type stopper struct {
        	quiescer chan struct{}
        	drained  chan struct{}
        	closed   bool
        }

        func (s *stopper) shouldQuiesce() <-chan struct{} {
        	if s == nil {
        		return nil
        	}
        	return s.quiescer
        }

        func (s *stopper) drainedCh() <-chan struct{} {
        	if s.closed {
        		return nil
        	}
        	return s.drained
        }

        func (s *stopper) run() {
        	<-s.shouldQuiesce()
        	<-s.drainedCh()
        }
        """;

    private static Channel NilSafe(string name)
    {
        var package = LintTest.Package([("a.go", NilSafeGetters)], types: Types.Value);
        return ChannelIndex.Build(package.Types!, package.Files, isLibrary: true).Channels.Single(c => c.Names.Any(n => n.Name == name));
    }

    [Fact]
    public void A_getter_that_returns_nil_for_a_nil_receiver_first_is_still_the_field_it_returns()
    {
        var quiescer = NilSafe("quiescer");
        Assert.Contains(quiescer.Ops, o => o.Kind == ChannelOpKind.Receive && o.Operand is CallExpr);
        Assert.Null(quiescer.Escape);
    }

    [Fact]
    public void A_getter_that_returns_nil_on_another_condition_is_not_a_getter()
    {
        var drained = NilSafe("drained");
        Assert.DoesNotContain(drained.Ops, o => o.Kind == ChannelOpKind.Receive && o.Operand is CallExpr);
        Assert.Contains("is returned", drained.Escape!.Reason, StringComparison.Ordinal);
    }
}
