using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Pipeline.Core.Audit;

/// <summary>The hash that seals a record and links it to the one before.</summary>
internal static class AuditHash
{
    /// <summary>The previous hash of record 1.</summary>
    public static readonly string Genesis = new('0', 64);

    // Hash = lowercase hex SHA-256 of the UTF-8 bytes of this compact JSON (no whitespace), keys in exactly this order:
    // {"sequence":N,"timestamp":T,"who":{"user","host","ciRun"},"what":{"action","environment","outcome","fromVersion",
    // "toVersion","components","backupIds","reason","deploymentId","target"},"previousHash":P}
    // Every key is present (absent values as null, lists as arrays of strings), T is the UTC round-trip text
    // (yyyy-MM-ddTHH:mm:ss.fffffffZ), strings are escaped by System.Text.Json's default encoder. It is computed from
    // the parsed record, not the file's bytes, so how the file is laid out does not matter; every value does.
    public static string Compute(AuditRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("sequence", record.Sequence);
            json.WriteString("timestamp", AuditTimestampConverter.Format(record.Timestamp));
            WriteWho(json, record.Who);
            WriteWhat(json, record.What);
            json.WriteString("previousHash", record.PreviousHash);
            json.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void WriteWho(Utf8JsonWriter json, AuditActor who)
    {
        json.WriteStartObject("who");
        json.WriteString("user", who.User);
        json.WriteString("host", who.Host);
        json.WriteString("ciRun", who.CiRun);
        json.WriteEndObject();
    }

    private static void WriteWhat(Utf8JsonWriter json, AuditEntry what)
    {
        json.WriteStartObject("what");
        json.WriteString("action", what.Action);
        json.WriteString("environment", what.Environment);
        json.WriteString("outcome", what.Outcome);
        json.WriteString("fromVersion", what.FromVersion);
        json.WriteString("toVersion", what.ToVersion);
        WriteList(json, "components", what.Components);
        WriteList(json, "backupIds", what.BackupIds);
        json.WriteString("reason", what.Reason);
        json.WriteString("deploymentId", what.DeploymentId);
        json.WriteString("target", what.Target);
        json.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter json, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
