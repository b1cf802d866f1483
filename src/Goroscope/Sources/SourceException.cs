namespace Goroscope.Sources;

/// <summary>A dump could not be fetched or opened; the message is one line naming the source and the problem.</summary>
public sealed class SourceException(string message, Exception? inner = null) : Exception(message, inner);
