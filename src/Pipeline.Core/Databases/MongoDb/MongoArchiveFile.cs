using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Pipeline.Core.Databases.MongoDb;

/// <summary>
/// Checks on a gzip-compressed mongodump archive (mongodump --archive --gzip) that need no server, following
/// the archive format of mongo-tools' common/archive/spec.md: magic number, header document, ..., and a
/// 0xFFFFFFFF terminator after the last namespace.
/// </summary>
public static class MongoArchiveFile
{
    /// <summary>The archive's first four bytes: 0x8199e26d, little-endian.</summary>
    public const uint MagicNumber = 0x8199e26d;

    private const uint Terminator = 0xFFFFFFFF;

    /// <summary>
    /// Every reason <paramref name="file"/> is not a complete gzip-compressed archive; empty when it is.
    /// GZipStream treats a truncated stream as a normal end, so completeness is checked against the gzip
    /// trailer (CRC-32 and length of the data). mongodump writes a single gzip member; the trailer checked is the last one's.
    /// </summary>
    public static IReadOnlyList<string> Inspect(string file)
    {
        if (!File.Exists(file))
        {
            return [$"{file}: the dump file does not exist"];
        }

        var length = new FileInfo(file).Length;
        if (length == 0)
        {
            return [$"{file}: the dump file is empty (0 bytes); expected a gzip-compressed mongodump archive"];
        }

        Span<byte> signature = stackalloc byte[2];
        Span<byte> trailer = stackalloc byte[8];
        using (var raw = File.OpenRead(file))
        {
            var read = raw.ReadAtLeast(signature, 2, throwOnEndOfStream: false);
            if (read < 2 || signature[0] != 0x1F || signature[1] != 0x8B)
            {
                return [$"{file}: starts with 0x{Convert.ToHexString(signature[..read])}, not the gzip signature 0x1F8B; expected a gzip-compressed mongodump archive (--gzip)"];
            }

            // Header (10) + trailer (8) is the least a gzip member can be.
            if (length < 18)
            {
                return [$"{file}: only {length} bytes; a gzip stream needs at least 18, so it is truncated"];
            }

            raw.Seek(-8, SeekOrigin.End);
            raw.ReadExactly(trailer);
        }

        var crc = new Crc32();
        long size = 0;
        Span<byte> head = stackalloc byte[4];
        uint lastFour = 0;
        var headFilled = 0;
        try
        {
            using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            var buffer = new byte[81920];
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                crc.Append(chunk);
                for (var i = 0; i < chunk.Length && headFilled < 4; i++)
                {
                    head[headFilled++] = chunk[i];
                }

                foreach (var b in chunk.Length > 4 ? chunk[^4..] : chunk)
                {
                    lastFour = (lastFour >> 8) | ((uint)b << 24);
                }

                size += read;
            }
        }
        catch (InvalidDataException ex)
        {
            return [$"{file}: the gzip data does not decompress ({ex.Message}); the file is damaged"];
        }

        var expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        var expectedSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        if (crc.Value != expectedCrc || (uint)size != expectedSize)
        {
            return [$"{file}: decompressed {size} bytes with CRC-32 {crc.Value:x8}, but the gzip trailer says {expectedSize} bytes (mod 2^32) with CRC-32 {expectedCrc:x8}; the file is truncated or damaged"];
        }

        var problems = new List<string>();
        if (size < 4 || BinaryPrimitives.ReadUInt32LittleEndian(head) != MagicNumber)
        {
            problems.Add($"{file}: decompresses, but does not start with the mongodump archive magic number {MagicNumber:x8}; expected the output of mongodump --archive --gzip");
        }
        else if (size < 8 || lastFour != Terminator)
        {
            problems.Add($"{file}: the archive does not end with the 0xFFFFFFFF terminator; mongodump did not finish writing it");
        }

        return problems;
    }

    /// <summary>
    /// The server_version the archive's header records, or null when it has none or cannot be read.
    /// mongodump does not print the server version at its default verbosity, but it writes it here.
    /// </summary>
    public static string? ReadServerVersion(string file)
    {
        try
        {
            using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            Span<byte> prefix = stackalloc byte[8];
            gzip.ReadExactly(prefix);
            var documentLength = BinaryPrimitives.ReadInt32LittleEndian(prefix[4..]);
            if (BinaryPrimitives.ReadUInt32LittleEndian(prefix) != MagicNumber || documentLength is < 5 or > 16 * 1024 * 1024)
            {
                return null;
            }

            var document = new byte[documentLength];
            prefix[4..].CopyTo(document);
            gzip.ReadExactly(document.AsSpan(4));
            return StringField(document, "server_version");
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>A top-level string field of a BSON document; null when absent or when a field of an unhandled type comes first.</summary>
    internal static string? StringField(ReadOnlySpan<byte> document, string name)
    {
        var position = 4;
        while (position < document.Length && document[position] != 0)
        {
            var type = document[position++];
            var nameEnd = document[position..].IndexOf((byte)0);
            if (nameEnd < 0)
            {
                return null;
            }

            var fieldName = Encoding.UTF8.GetString(document.Slice(position, nameEnd));
            position += nameEnd + 1;
            int valueLength;
            switch (type)
            {
                case 0x02: // string: int32 length (with its NUL), UTF-8, NUL
                    var stringLength = BinaryPrimitives.ReadInt32LittleEndian(document[position..]);
                    if (stringLength < 1 || position + 4 + stringLength > document.Length)
                    {
                        return null;
                    }

                    if (fieldName == name)
                    {
                        return Encoding.UTF8.GetString(document.Slice(position + 4, stringLength - 1));
                    }

                    valueLength = 4 + stringLength;
                    break;
                case 0x08: // boolean
                    valueLength = 1;
                    break;
                case 0x10: // int32
                    valueLength = 4;
                    break;
                case 0x01 or 0x09 or 0x11 or 0x12: // double, UTC datetime, timestamp, int64
                    valueLength = 8;
                    break;
                case 0x03 or 0x04: // embedded document, array: int32 total length
                    valueLength = BinaryPrimitives.ReadInt32LittleEndian(document[position..]);
                    break;
                case 0x0A: // null
                    valueLength = 0;
                    break;
                default:
                    return null;
            }

            position += valueLength;
        }

        return null;
    }
}
