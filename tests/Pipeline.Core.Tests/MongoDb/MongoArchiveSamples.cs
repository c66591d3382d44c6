using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Pipeline.Core.Tests.MongoDb;

/// <summary>Gzip-compressed archives laid out as mongodump writes them (mongo-tools common/archive/spec.md), built by hand.</summary>
public static class MongoArchiveSamples
{
    public static byte[] Archive(string serverVersion = "7.0.14", int documents = 2000)
    {
        using var data = new MemoryStream();
        Write(data, BitConverter.GetBytes(0x8199e26du));
        Write(data, Document(("concurrent_collections", 4), ("version", "0.1"), ("server_version", serverVersion), ("tool_version", "100.10.0")));
        Write(data, Document(("db", "app"), ("collection", "users"), ("metadata", "{}"), ("size", documents * 40)));
        Terminator(data);
        Write(data, Document(("db", "app"), ("collection", "users"), ("EOF", false)));
        for (var i = 0; i < documents; i++)
        {
            Write(data, Document(("name", $"user-{i}-{Guid.NewGuid():N}"), ("n", i)));
        }

        Terminator(data);
        Write(data, Document(("db", "app"), ("collection", "users"), ("EOF", true)));
        Terminator(data);
        return Gzip(data.ToArray());
    }

    public static byte[] Gzip(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }

        return compressed.ToArray();
    }

    private static void Terminator(Stream stream) => Write(stream, [0xFF, 0xFF, 0xFF, 0xFF]);

    private static void Write(Stream stream, byte[] bytes) => stream.Write(bytes);

    private static byte[] Document(params (string Name, object Value)[] fields)
    {
        using var body = new MemoryStream();
        foreach (var (name, value) in fields)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name + "\0");
            switch (value)
            {
                case string text:
                    var textBytes = Encoding.UTF8.GetBytes(text + "\0");
                    body.WriteByte(0x02);
                    body.Write(nameBytes);
                    body.Write(BitConverter.GetBytes(textBytes.Length));
                    body.Write(textBytes);
                    break;
                case int number:
                    body.WriteByte(0x10);
                    body.Write(nameBytes);
                    body.Write(BitConverter.GetBytes(number));
                    break;
                case bool flag:
                    body.WriteByte(0x08);
                    body.Write(nameBytes);
                    body.WriteByte(flag ? (byte)1 : (byte)0);
                    break;
                default:
                    throw new ArgumentException($"field {name}: type {value.GetType()} is not handled here");
            }
        }

        var document = new byte[4 + body.Length + 1];
        BinaryPrimitives.WriteInt32LittleEndian(document, document.Length);
        body.ToArray().CopyTo(document, 4);
        return document;
    }
}
