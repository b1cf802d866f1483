namespace Goroscope.GoSyntax.Tests;

/// <summary>
/// Positions are exact: each node's [Pos, End) covers whole tokens, and re-lexing that text yields
/// exactly the tokens of the file in that range. Runs on a sample of the Go trees; set
/// GOROSCOPE_ALL_FILES=1 to also check every file (slow).
/// </summary>
public class PositionTests
{
    private static readonly bool AllFiles = Environment.GetEnvironmentVariable("GOROSCOPE_ALL_FILES") == "1";

    private static List<string> AcceptedFiles(string version) =>
        Verdicts.Load(Repository.TestData($"verdicts-go{version}.txt"))
            .Where(v => v.Value.StartsWith("ok", StringComparison.Ordinal)).Select(v => v.Key).Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var version in new[] { "1.27", "1.19" })
        {
            if (Repository.GoSource(version) is null)
            {
                continue;
            }
            var ok = AcceptedFiles(version);
            for (var i = 0; i < ok.Count; i += 97)
            {
                data.Add($"{version}:{ok[i]}");
            }
        }
        if (data.Count == 0)
        {
            data.Add("none:");
        }
        return data;
    }

    [Theory]
    [InlineData("1.27")]
    [InlineData("1.19")]
    public void EveryAcceptedFileHasExactPositionsAndRoundTrips(string version)
    {
        var root = Repository.GoSource(version);
        if (!AllFiles || root is null)
        {
            return;
        }
        var failures = new List<string>();
        Parallel.ForEach(AcceptedFiles(version), relative =>
        {
            var source = System.IO.File.ReadAllBytes(Path.Combine(root, relative));
            var problems = PositionChecker.Check(source);
            if (!source.AsSpan().SequenceEqual(PositionChecker.Reproduce(source)))
            {
                problems.Add("token stream does not reproduce the file");
            }
            if (problems.Count > 0)
            {
                lock (failures)
                {
                    failures.Add($"{relative}: {problems.Count} problems, first: {problems[0]}");
                }
            }
        });
        failures.Sort(StringComparer.Ordinal);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(50)));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryNodeSpansExactlyTheTokensThatRelexFromItsText(string sample)
    {
        var (version, relative) = (sample[..sample.IndexOf(':', StringComparison.Ordinal)], sample[(sample.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        if (version == "none")
        {
            return;
        }
        var source = System.IO.File.ReadAllBytes(Path.Combine(Repository.GoSource(version)!, relative));
        var failures = PositionChecker.Check(source);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void TokensAndTheWhitespaceBetweenThemReproduceTheFile(string sample)
    {
        var (version, relative) = (sample[..sample.IndexOf(':', StringComparison.Ordinal)], sample[(sample.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        if (version == "none")
        {
            return;
        }
        var source = System.IO.File.ReadAllBytes(Path.Combine(Repository.GoSource(version)!, relative));
        Assert.Equal(source, PositionChecker.Reproduce(source));
    }

    [Fact]
    public void ASmallFileRoundTripsAndHasExactPositions()
    {
        var source = "\uFEFFpackage p\r\n\n/* c\n*/ var x = `a\r\nb` // t\nfunc f[T ~int | string](x ...T) (r int) { for range 3 { go f[T](); <-ch; ch <- 1 }; return }\n"u8.ToArray();
        Assert.Empty(Parser.ParseFile("x.go", source).Errors);
        Assert.Empty(PositionChecker.Check(source));
        Assert.Equal(source, PositionChecker.Reproduce(source));
    }
}

internal static class PositionChecker
{
    private readonly record struct Lexeme(Token Token, int Pos, int End);

    private static List<Lexeme> Lex(byte[] source)
    {
        var scanner = new Scanner(source);
        var tokens = new List<Lexeme>();
        while (scanner.Scan() != Token.EOF)
        {
            if (scanner.IsNewlineSemicolon && tokens.Count > 0 && scanner.Pos < tokens[^1].End)
            {
                continue; // inserted at a newline inside a /*...*/ comment: not text of its own
            }
            tokens.Add(new Lexeme(scanner.Token, scanner.Pos, scanner.End));
        }
        return tokens;
    }

    // Lexing is deterministic from a token start, so for large nodes the boundary check stands
    // in for re-lexing their text (which would make the check quadratic on deep trees).
    private const int RelexLimit = 16 * 1024;

    /// <summary>Describes every node whose range does not start and end on token boundaries or does not re-lex to its tokens.</summary>
    public static List<string> Check(byte[] source)
    {
        var result = Parser.ParseFile("x.go", source, ParseMode.AllErrors);
        var failures = new List<string>();
        if (result.HasErrors)
        {
            failures.Add("unexpected syntax errors: " + result.Errors[0]);
            return failures;
        }
        var tokens = Lex(source);
        var starts = tokens.Select(t => t.Pos).ToArray();
        var ends = tokens.Select(t => t.End).ToHashSet();
        var nodes = Walker.Descendants(result.File).Concat(result.File.Comments.SelectMany(g => Walker.Descendants(g))).ToList();
        // As in go/ast, an implicit empty statement (after "L:" before "}") ends where the next
        // token starts, and so do a labeled statement or case clause ending with one: for those
        // the range is checked up to the end of its last real token.
        var implicitEnds = nodes.OfType<EmptyStmt>().Where(e => e.Implicit).Select(e => e.End).ToHashSet();
        var tokenEnds = tokens.Select(t => t.End).ToArray();
        foreach (var node in nodes)
        {
            if (node.Pos < 0 || node.End <= node.Pos || node is SourceFile)
            {
                continue; // absent or zero-width (an implicit empty statement)
            }
            var nodeEnd = node.End;
            if (implicitEnds.Contains(nodeEnd) && !ends.Contains(nodeEnd))
            {
                nodeEnd = tokenEnds[LowerBound(tokenEnds, nodeEnd + 1) - 1];
            }
            var first = LowerBound(starts, node.Pos);
            var onBoundaries = first < tokens.Count && tokens[first].Pos == node.Pos && ends.Contains(nodeEnd);
            if (onBoundaries && nodeEnd - node.Pos > RelexLimit)
            {
                continue;
            }
            var expected = new List<Lexeme>();
            for (var i = first; i < tokens.Count && tokens[i].End <= nodeEnd && tokens[i].Pos < nodeEnd; i++)
            {
                expected.Add(tokens[i] with { Pos = tokens[i].Pos - node.Pos, End = tokens[i].End - node.Pos });
            }
            var text = source[node.Pos..Math.Min(nodeEnd, source.Length)];
            var relexed = Lex(text);
            if (relexed.Count > 0 && relexed[^1].Token == Token.Semicolon && relexed[^1].Pos == text.Length)
            {
                relexed.RemoveAt(relexed.Count - 1); // the semicolon inserted at the end of the excerpt
            }
            if (!onBoundaries || !expected.SequenceEqual(relexed))
            {
                var position = result.Text.Position(node.Pos);
                failures.Add($"{node.GetType().Name} at {position} [{node.Pos},{node.End}) \"{result.Text.Text(node.Pos, Math.Min(node.End, node.Pos + 60))}\"");
            }
        }
        return failures;
    }

    /// <summary>Concatenates the text of every token with the whitespace between them, checking the gaps hold nothing else.</summary>
    public static byte[] Reproduce(byte[] source)
    {
        var output = new List<byte>(source.Length);
        var previousEnd = 0;
        foreach (var t in Lex(source))
        {
            if (t.Token == Token.Semicolon && t.End - t.Pos <= 1 && (t.Pos == source.Length || source[t.Pos] != ';'))
            {
                continue; // inserted at a newline (which stays whitespace) or at EOF
            }
            var gap = source[previousEnd..t.Pos];
            var withoutBom = previousEnd == 0 && gap.AsSpan().StartsWith("\uFEFF"u8) ? gap[3..] : gap;
            Assert.True(withoutBom.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'), $"non-blank gap before offset {t.Pos}");
            output.AddRange(gap);
            output.AddRange(source[t.Pos..t.End]);
            previousEnd = t.End;
        }
        output.AddRange(source[previousEnd..]);
        return output.ToArray();
    }

    private static int LowerBound(int[] values, int key)
    {
        var i = Array.BinarySearch(values, key);
        return i >= 0 ? i : ~i;
    }
}
