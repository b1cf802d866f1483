using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Goroscope.Stacks;
using Goroscope.Watch.Push;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Goroscope.Watch.Server;

/// <summary>
/// `POST /push.v1.PusherService/Push`, the push API of Grafana Pyroscope that Grafana Alloy's pyroscope.write sends
/// to, in the Connect protocol's unary form: a binary protobuf body (`application/proto`), optionally gzipped
/// (`Content-Encoding: gzip`), answered with an empty PushResponse, or with a Connect error: a JSON body
/// `{"code": …, "message": …}`. Every request is counted by result; none can take the server down.
/// </summary>
public sealed class PushEndpoint(WatchService service)
{
    public const string Route = "/push.v1.PusherService/Push";
    private const string ProtoType = "application/proto";

    /// <summary>Request bodies read and parsed at once; more wait their turn, so bodies in memory stay under this many times --max-bytes.</summary>
    public const int BodiesAtOnce = 4;

    private readonly SemaphoreSlim _reading = new(BodiesAtOnce, BodiesAtOnce);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsProto(request.ContentType))
        {
            // Connect's JSON codec is not served: Alloy speaks proto. 415 with Accept-Post, as the protocol asks.
            context.Response.Headers["Accept-Post"] = ProtoType;
            await Refuse(context, StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "unimplemented",
                $"Content-Type {request.ContentType ?? "(none)"} is not served; send {ProtoType}");
            return;
        }
        var encoding = request.Headers.ContentEncoding.ToString();
        if (encoding is not ("" or "identity" or "gzip"))
        {
            await Refuse(context, StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "unimplemented",
                $"Content-Encoding {encoding} is not served; send gzip or identity");
            return;
        }
        var limit = service.MaxPushBytes;
        if (request.ContentLength > limit)
        {
            await TooLarge(context, limit);
            return;
        }
        // Our own limit instead of Kestrel's 30 MB default, so the refusal is a Connect error, not a reset.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = null;
        await _reading.WaitAsync(context.RequestAborted);
        try
        {
            await TakeAsync(context, encoding, limit);
        }
        finally
        {
            _reading.Release();
        }
    }

    private async Task TakeAsync(HttpContext context, string encoding, long limit)
    {
        var request = context.Request;
        PooledBody? body;
        try
        {
            // A gzipped body is held to the limit as it is decompressed: a small bomb is stopped one byte past it.
            await using var gunzip = encoding == "gzip" ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : null;
            body = await PooledBody.ReadAsync(gunzip ?? request.Body, limit, gunzip is null ? request.ContentLength : null, context.RequestAborted);
        }
        catch (InvalidDataException e)
        {
            await Refuse(context, StatusCodes.Status400BadRequest, "bad_request", "invalid_argument", $"the gzipped body cannot be read: {e.Message}");
            return;
        }
        if (body is null)
        {
            await TooLarge(context, limit);
            return;
        }
        try
        {
            // The profiles are copied out of the request while it is parsed: its buffer goes back to the pool here.
            var (taken, skipped) = PushRequestReader.Read(body.Span);
            body.Dispose();
            service.Receive(taken);
            service.Metrics.PushedProfiles(taken.Count(p => p.Kind == PushedKind.Goroutine), taken.Count(p => p.Kind == PushedKind.GoroutineLeak), skipped);
        }
        catch (PushException e)
        {
            await Refuse(context, StatusCodes.Status400BadRequest, "bad_request", "invalid_argument", e.Message);
            return;
        }
        catch (TooManyPushingTargetsException e)
        {
            // Connect's resource_exhausted is HTTP 429; a place frees when a pushing target has been silent for a while.
            await Refuse(context, StatusCodes.Status429TooManyRequests, "too_many_targets", "resource_exhausted", e.Message);
            return;
        }
        finally
        {
            body.Dispose();
        }
        service.Metrics.PushRequest("ok");
        // An empty PushResponse is zero bytes.
        context.Response.ContentType = ProtoType;
        context.Response.ContentLength = 0;
    }

    private static bool IsProto(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals(ProtoType, StringComparison.OrdinalIgnoreCase);

    private Task TooLarge(HttpContext context, long limit) =>
        Refuse(context, StatusCodes.Status413PayloadTooLarge, "too_large", "resource_exhausted", $"the request is bigger than the {Sizes.Format(limit)} this server takes");

    private Task Refuse(HttpContext context, int status, string result, string code, string message)
    {
        service.Metrics.PushRequest(result);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new ConnectError { Code = code, Message = message }, WatchJson.Default.ConnectError, context.RequestAborted);
    }
}

/// <summary>The Connect protocol's error body.</summary>
internal sealed class ConnectError
{
    [JsonPropertyName("code")] public required string Code { get; init; }
    [JsonPropertyName("message")] public required string Message { get; init; }
}
