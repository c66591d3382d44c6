using System.Security.Cryptography;

namespace Pipeline.Core.Web;

/// <summary>
/// The ETag S3 gives an object with our content, computed locally. A single PUT yields the content MD5; a multipart
/// upload yields the MD5 of the concatenated binary part MD5s followed by "-" and the part count, so it can only be
/// reproduced with the part size the upload used.
/// </summary>
public static class ObjectETag
{
    /// <summary>Hashes a file in one pass: its MD5, and its multipart ETag when it is larger than <paramref name="partSize"/>.</summary>
    public static async Task<(string Md5, string ETag)> ComputeAsync(string file, long partSize, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var multipart = stream.Length > partSize;
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var part = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var partHashes = new MemoryStream();
        var buffer = new byte[1 << 16];
        long inPart = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, partSize - inPart)), cancellationToken).ConfigureAwait(false)) > 0)
        {
            whole.AppendData(buffer, 0, read);
            part.AppendData(buffer, 0, read);
            inPart += read;
            if (inPart == partSize)
            {
                partHashes.Write(part.GetHashAndReset());
                inPart = 0;
            }
        }

        if (inPart > 0)
        {
            partHashes.Write(part.GetHashAndReset());
        }

        var md5 = Convert.ToHexStringLower(whole.GetHashAndReset());
        if (!multipart)
        {
            return (md5, md5);
        }

        var parts = partHashes.Length / 16;
#pragma warning disable CA5351 // S3 defines the ETag with MD5; it identifies content here and protects nothing.
        return (md5, $"{Convert.ToHexStringLower(MD5.HashData(partHashes.ToArray()))}-{parts}");
#pragma warning restore CA5351
    }

    /// <summary>
    /// Whether an object whose ETag S3 reports holds content with this MD5 and expected ETag. Both forms are accepted
    /// because S3 reports either, depending on how the object was written (PUT, multipart, or copied from either).
    /// </summary>
    public static bool Matches(string? reported, string md5, string etag)
    {
        if (reported is null)
        {
            return false;
        }

        var unquoted = reported.Trim('"');
        return unquoted.Equals(md5, StringComparison.OrdinalIgnoreCase) || unquoted.Equals(etag, StringComparison.OrdinalIgnoreCase);
    }
}
