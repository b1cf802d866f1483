using System.CommandLine;

namespace Goroscope.Cli.Commands;

/// <summary>Options shared by the verbs that read dumps.</summary>
internal static class CommonOptions
{
    public static Option<double> Timeout() => new("--timeout")
    {
        Description = "Seconds to wait for each HTTP request, headers and body.",
        DefaultValueFactory = _ => 30,
    };

    public static Option<long> MaxBytes() => new("--max-bytes")
    {
        Description = "Refuse sources larger than this many bytes.",
        DefaultValueFactory = _ => 1L << 30,
    };
}
