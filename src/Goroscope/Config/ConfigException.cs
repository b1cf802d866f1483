namespace Goroscope.Config;

/// <summary>The configuration file cannot be used; the message names the file, the line and the problem.</summary>
public sealed class ConfigException(string message, Exception? inner = null) : Exception(message, inner);
