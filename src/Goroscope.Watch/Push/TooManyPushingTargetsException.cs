namespace Goroscope.Watch.Push;

/// <summary>A push names a target beyond the push-max-targets setting; the message is one line (sent back as Connect's resource_exhausted, HTTP 429).</summary>
internal sealed class TooManyPushingTargetsException(string message) : Exception(message);
