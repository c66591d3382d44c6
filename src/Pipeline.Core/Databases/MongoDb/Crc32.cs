namespace Pipeline.Core.Databases.MongoDb;

/// <summary>The CRC-32 gzip stores in its trailer (IEEE 802.3, reflected, polynomial 0xEDB88320).</summary>
internal sealed class Crc32
{
    private static readonly uint[] Table = BuildTable();

    private uint state = 0xFFFFFFFFu;

    public uint Value => ~state;

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = state;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        state = crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < table.Length; i++)
        {
            var entry = i;
            for (var bit = 0; bit < 8; bit++)
            {
                entry = (entry & 1) != 0 ? 0xEDB88320u ^ (entry >> 1) : entry >> 1;
            }

            table[i] = entry;
        }

        return table;
    }
}
