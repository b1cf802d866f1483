using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Goroscope.Cli;

/// <summary>
/// Turns what the argument parser found wrong into the one line the user sees: unknown verbs and options with a
/// "did you mean", values that do not parse saying what was expected (never a .NET type name), else the
/// parser's or a validator's own first message.
/// </summary>
internal static class Usage
{
    /// <summary>The first usage error of a parse, as one line without the `goroscope: ` prefix; null when there is none.</summary>
    public static string? FirstError(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        if (command is RootCommand)
            return RootError(parsed, command);
        if (UnknownOption(parsed, command) is { } unknown)
            return unknown;
        if (parsed.Errors.Count == 0)
            return null;
        var error = parsed.Errors[0];
        return ValueError(error.SymbolResult, command) ?? OneLine(error.Message);
    }

    private static string? RootError(ParseResult parsed, Command root)
    {
        var verbs = root.Subcommands.Select(c => c.Name).ToList();
        if (parsed.UnmatchedTokens.FirstOrDefault() is { } token)
            return token.StartsWith('-')
                ? $"unknown option `{token}`{Suggest(token, root.Options.SelectMany(Names))}"
                : $"unknown verb `{token}`{Suggest(token, verbs)}";
        return parsed.Errors.Count > 0 ? $"no verb given: {string.Join(", ", verbs)}" : null;
    }

    /// <summary>
    /// A token that looks like an option and is none of the verb's. Arguments that take many values (lint's and
    /// parse's paths) would otherwise swallow it as a path; `test` hands single-dash flags to go test, so there only
    /// `--name` is checked, and nothing after go test's `-args`.
    /// </summary>
    private static string? UnknownOption(ParseResult parsed, Command command)
    {
        var passesGoFlags = !command.TreatUnmatchedTokensAsErrors;
        var names = command.Options.SelectMany(Names).ToHashSet(StringComparer.Ordinal);
        var arguments = parsed.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens);
        foreach (var token in parsed.UnmatchedTokens.Concat(arguments.Select(t => t.Value)))
        {
            if (passesGoFlags && token is "-args" or "--args")
                break;
            var looksLikeOption = passesGoFlags ? token.StartsWith("--", StringComparison.Ordinal) && token.Length > 2
                : token.StartsWith('-') && token.Length > 1 && !double.TryParse(token, CultureInfo.InvariantCulture, out _);
            var name = token.Split('=')[0];
            if (looksLikeOption && !names.Contains(name))
                return $"unknown option `{name}`{Suggest(name, names)}";
        }
        if (!passesGoFlags && parsed.UnmatchedTokens.FirstOrDefault() is { } extra)
            return $"unexpected argument `{extra}`";
        return null;
    }

    private static IEnumerable<string> Names(Option option) => [option.Name, .. option.Aliases];

    /// <summary>
    /// A value the parser could not take, said in words: a number that is none (`--top x: expected a whole
    /// number`), a word not among the allowed ones (`--group fuzzy: expected exact, similar or loose`), a missing
    /// argument. Null for errors a validator worded itself.
    /// </summary>
    private static string? ValueError(SymbolResult? result, Command command)
    {
        if (result is ArgumentResult { Tokens.Count: 0, Parent: CommandResult } missing)
            return $"{command.Name} needs <{missing.Argument.Name}>";
        while (result is not null and not OptionResult)
            result = result.Parent;
        if (result is not OptionResult { Option: var option } optionResult)
            return null;
        var name = optionResult.IdentifierToken?.Value ?? option.Name;
        var values = optionResult.Tokens.Select(t => t.Value).ToList();
        if (values.Count == 0 && option.Arity.MinimumNumberOfValues > 0)
            return $"{name} needs a value";
        var allowed = option.GetCompletions(CompletionContext.Empty).Select(c => c.Label).ToList();
        if (allowed.Count > 0 && values.FirstOrDefault(v => !allowed.Contains(v, StringComparer.Ordinal)) is { } word)
            return $"{name} {word}: expected {Either(allowed)}{Suggest(word, allowed)}";
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        type = type.IsArray ? type.GetElementType()! : type;
        var whole = type == typeof(int) || type == typeof(long);
        if (!whole && type != typeof(double))
            return null;
        var given = values.FirstOrDefault(v => !double.TryParse(v, CultureInfo.InvariantCulture, out var d) || (whole && d != Math.Floor(d)));
        return given is null ? null : $"{name} {given}: expected {(whole ? "a whole number" : "a number")}";
    }

    private static string Either(IReadOnlyList<string> words) =>
        words.Count == 1 ? words[0] : $"{string.Join(", ", words.Take(words.Count - 1))} or {words[^1]}";

    /// <summary>An option's value for a validator; false when it did not convert (the parser reports that itself).</summary>
    private static bool TryValue<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }

    private static string Suggest(string given, IEnumerable<string> known)
    {
        var best = known.Where(k => k.StartsWith('-') == given.StartsWith('-'))
            .Select(k => (Name: k, Distance: Distance(given, k)))
            .Where(c => c.Distance <= Math.Max(1, given.Length / 3)) // two letters of four is another word: `yaml` is not `html`
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name is null ? "" : $" (did you mean `{best.Name}`?)";
    }

    /// <summary>Edit distance with adjacent transpositions (optimal string alignment): `--fromat` is one from `--format`.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');

    /// <summary>Refuses values below <paramref name="min"/>: `--top -1: must be at least 0`.</summary>
    public static Option<T> AtLeast<T>(this Option<T> option, T min) where T : struct, IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (TryValue<T>(result, out var value) && value.CompareTo(min) < 0)
                result.AddError($"{option.Name} {Show(value)}: must be at least {Show(min)}");
        });
        return option;
    }

    /// <summary>Refuses values below <paramref name="min"/> for an option that may be absent.</summary>
    public static Option<T?> AtLeast<T>(this Option<T?> option, T min) where T : struct, IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (TryValue<T?>(result, out var given) && given is { } value && value.CompareTo(min) < 0)
                result.AddError($"{option.Name} {Show(value)}: must be at least {Show(min)}");
        });
        return option;
    }

    /// <summary>Refuses values outside [min, max]: `--fail-on-score 150: must be from 0 to 100`.</summary>
    public static Option<T?> Between<T>(this Option<T?> option, T min, T max) where T : struct, IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (TryValue<T?>(result, out var given) && given is { } value && (value.CompareTo(min) < 0 || value.CompareTo(max) > 0))
                result.AddError($"{option.Name} {Show(value)}: must be from {Show(min)} to {Show(max)}");
        });
        return option;
    }

    /// <summary>Refuses values outside [min, max] for an option that always has a value.</summary>
    public static Option<T> Between<T>(this Option<T> option, T min, T max) where T : struct, IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (TryValue<T>(result, out var value) && (value.CompareTo(min) < 0 || value.CompareTo(max) > 0))
                result.AddError($"{option.Name} {Show(value)}: must be from {Show(min)} to {Show(max)}");
        });
        return option;
    }

    /// <summary>Refuses values at or below <paramref name="above"/> or past <paramref name="atMost"/>: `--seconds 0: must be more than 0 and at most 3600`.</summary>
    public static Option<T> AboveAndAtMost<T>(this Option<T> option, T above, T atMost) where T : struct, IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (TryValue<T>(result, out var value) && (value.CompareTo(above) <= 0 || value.CompareTo(atMost) > 0))
                result.AddError($"{option.Name} {Show(value)}: must be more than {Show(above)} and at most {Show(atMost)}");
        });
        return option;
    }

    private static string Show<T>(T value) => string.Format(CultureInfo.InvariantCulture, "{0}", value);
}
