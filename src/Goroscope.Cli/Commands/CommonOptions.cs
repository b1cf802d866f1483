using System.CommandLine;
using Goroscope.Config;

namespace Goroscope.Cli.Commands;

/// <summary>Options shared by the verbs that read dumps, and the one kind of duration option every verb uses.</summary>
internal static class CommonOptions
{
    public static Option<string> Timeout() => Duration("--timeout", "Deadline of each HTTP request, from connecting to the body's last byte.", "30s", positive: true);

    public static Option<long> MaxBytes() => new Option<long>("--max-bytes")
    {
        Description = "Refuse sources larger than this many bytes.",
        DefaultValueFactory = _ => 1L << 30,
    }.AtLeast(1);

    /// <summary>
    /// A duration written as Go writes it, with days (<see cref="GoDuration"/>): kept as the text so help shows the
    /// default as written, and refused at parse time when it is no duration. Read it with <see cref="Value"/>.
    /// </summary>
    /// <param name="positive">Refuse 0 (and below) too.</param>
    public static Option<string> Duration(string name, string description, string? defaultValue, bool positive = false)
    {
        var option = new Option<string>(name) { Description = description, HelpName = "duration" };
        if (defaultValue is not null)
            option.DefaultValueFactory = _ => defaultValue;
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is not { } text)
                return;
            if (!GoDuration.TryParse(text, out var value))
                result.AddError($"{name} {text}: not a duration (write it like {GoDuration.Examples})");
            else if (positive && value <= TimeSpan.Zero)
                result.AddError($"{name} {text}: must be more than 0");
        });
        return option;
    }

    /// <summary>The value of an option made by <see cref="Duration"/>; null when it has no default and was not given.</summary>
    public static TimeSpan? Value(this ParseResult args, Option<string> duration) =>
        args.GetValue(duration) is { } text ? GoDuration.Parse(text) : null;
}
