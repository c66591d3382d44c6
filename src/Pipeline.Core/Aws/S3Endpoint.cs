namespace Pipeline.Core.Aws;

/// <summary>
/// Where an S3 API answers. With no service URL the region's AWS endpoint is used; a service URL and path-style
/// addressing point the same code at any S3-compatible store (MinIO, Ceph, s3rver).
/// </summary>
public sealed record S3Endpoint(string Region, Uri? ServiceUrl = null, bool ForcePathStyle = false)
{
    public override string ToString() => ServiceUrl is null ? $"AWS S3 ({Region})" : $"{ServiceUrl} ({Region})";
}
