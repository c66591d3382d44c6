using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Pipeline.Core.Artifacts;
using Pipeline.Core.State;

namespace Pipeline.Core.Containers;

/// <summary>
/// Pushes an assembled image to a registry over the distribution API (v2): each blob once (a blob the registry
/// already has is not sent again), then the manifest by its digest and under the version's tag. The registry must
/// answer with the same digest, or the push fails.
/// </summary>
public sealed class RegistryClient(HttpClient http, Uri registry)
{
    /// <summary>A registry given as host:port (e.g. 127.0.0.1:5000): plain HTTP on loopback, HTTPS elsewhere.</summary>
    public static Uri Address(string hostAndPort)
    {
        ArgumentNullException.ThrowIfNull(hostAndPort);
        var host = hostAndPort.Split(':')[0];
        var scheme = host is "localhost" || host.StartsWith("127.", StringComparison.Ordinal) ? "http" : "https";
        return new Uri($"{scheme}://{hostAndPort}/");
    }

    public async Task<PushResult> PushAsync(BuiltImage image, string repository, Action<string> step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(step);
        var sent = 0;
        foreach (var (digest, path) in image.Layers.Select(l => (l.Digest, l.BlobPath)).Append((image.ConfigDigest, image.ConfigPath)))
        {
            if (await HasBlobAsync(repository, digest, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            await UploadBlobAsync(repository, digest, path, cancellationToken).ConfigureAwait(false);
            sent++;
        }

        step($"pushed {sent} of {image.Layers.Count + 1} blobs to {registry.Authority}/{repository} (the others were there)");
        var manifest = await File.ReadAllBytesAsync(image.ManifestPath, cancellationToken).ConfigureAwait(false);
        foreach (var reference in new[] { image.Digest, image.Version })
        {
            var answered = await PutManifestAsync(repository, reference, manifest, cancellationToken).ConfigureAwait(false);
            if (answered != image.Digest)
            {
                throw new ContainerException($"The registry {registry.Authority} stored {repository}:{reference} as {answered}; the image's digest is {image.Digest}.");
            }
        }

        var pushed = new PushResult($"{registry.Authority}/{repository}", image.Digest, image.Version);
        step($"pushed {pushed.Reference} (tag {image.Version})");
        return pushed;
    }

    /// <summary>The digest the registry holds for <paramref name="reference"/> (a tag or digest), or null when it has none.</summary>
    public async Task<string?> ManifestDigestAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(registry, $"v2/{repository}/manifests/{reference}"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(BuiltImage.ManifestMediaType));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NotFound ? null : Digest(EnsureSuccess(response, $"HEAD manifest {repository}:{reference}"));
    }

    private async Task<bool> HasBlobAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(registry, $"v2/{repository}/blobs/{digest}"));
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.StatusCode != HttpStatusCode.NotFound && EnsureSuccess(response, $"HEAD blob {digest}").IsSuccessStatusCode;
    }

    private async Task UploadBlobAsync(string repository, string digest, string path, CancellationToken cancellationToken)
    {
        Uri upload;
        using (var start = await http.PostAsync(new Uri(registry, $"v2/{repository}/blobs/uploads/"), null, cancellationToken).ConfigureAwait(false))
        {
            var location = EnsureSuccess(start, $"starting the upload of {digest}").Headers.Location
                ?? throw new ContainerException($"The registry {registry.Authority} started an upload of {digest} without a Location.");
            upload = location.IsAbsoluteUri ? location : new Uri(registry, location);
        }

        var separator = string.IsNullOrEmpty(upload.Query) ? "?" : "&";
        using var content = new StreamContent(File.OpenRead(path));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await http.PutAsync(new Uri($"{upload}{separator}digest={Uri.EscapeDataString(digest)}"), content, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(put, $"uploading {digest} ({new FileInfo(path).Length:N0} bytes)");
    }

    private async Task<string?> PutManifestAsync(string repository, string reference, byte[] manifest, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(BuiltImage.ManifestMediaType);
        using var response = await http.PutAsync(new Uri(registry, $"v2/{repository}/manifests/{reference}"), content, cancellationToken).ConfigureAwait(false);
        return Digest(EnsureSuccess(response, $"storing the manifest as {repository}:{reference}"));
    }

    private static string? Digest(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;

    private HttpResponseMessage EnsureSuccess(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        throw new ContainerException($"The registry {registry.Authority} refused {what}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {body.Trim()}");
    }
}

/// <summary>Where an image was pushed: <c>registry/repository@sha256:...</c> is what a target pulls.</summary>
public sealed record PushResult(string Repository, string Digest, string Tag)
{
    public const string FileName = "pushed.json";

    public string Reference => $"{Repository}@{Digest}";

    /// <summary>Where the image of <paramref name="artifact"/> was pushed, or null when it was not (yet).</summary>
    public static PushResult? Read(ArtifactLayout artifact)
    {
        var file = Path.Combine(ImageAssembler.ImageDirectory(artifact), FileName);
        return File.Exists(file) ? JsonSerializer.Deserialize<PushResult>(File.ReadAllText(file), StateJson.Options) : null;
    }

    public void Save(ArtifactLayout artifact) =>
        File.WriteAllText(Path.Combine(ImageAssembler.ImageDirectory(artifact), FileName), JsonSerializer.Serialize(this, StateJson.Options));
}
