namespace Pipeline.Core.State.S3;

/// <summary>Where an S3 state store lives, written as s3://bucket/prefix.</summary>
public sealed record S3StateLocation(string Bucket, string Prefix)
{
    public static S3StateLocation Parse(string location)
    {
        const string scheme = "s3://";
        if (!location.StartsWith(scheme, StringComparison.Ordinal) || location.Length == scheme.Length || location[scheme.Length] == '/')
        {
            throw new FormatException($"\"{location}\" is not an S3 state store location; expected s3://bucket or s3://bucket/prefix.");
        }

        var rest = location[scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new S3StateLocation(rest, string.Empty) : new S3StateLocation(rest[..slash], S3StateKeys.NormalizePrefix(rest[(slash + 1)..]));
    }

    public override string ToString() => Prefix.Length == 0 ? $"s3://{Bucket}" : $"s3://{Bucket}/{Prefix.TrimEnd('/')}";
}
