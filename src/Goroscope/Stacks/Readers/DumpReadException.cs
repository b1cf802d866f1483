namespace Goroscope.Stacks.Readers;

/// <summary>The input is not a goroutine dump this tool can read; the message is one line naming the problem.</summary>
public sealed class DumpReadException(string message, Exception? inner = null) : Exception(message, inner);
