using System.Security.Cryptography;

namespace Pipeline.Core.Targets.Ssh;

/// <summary>
/// The host key a target is pinned to, as OpenSSH's strict host key checking does: the public key line of the host
/// ("ssh-ed25519 AAAA...") or its SHA256 fingerprint ("SHA256:..."). Only that key is accepted; there is no
/// "accept anything" mode.
/// </summary>
public sealed record HostKeyPin(string Fingerprint)
{
    public const string Syntax = "the host's public key (\"ssh-ed25519 AAAA...\") or its SHA256 fingerprint (\"SHA256:...\", as ssh-keygen -lf prints it)";

    private const string Prefix = "SHA256:";

    public static bool TryParse(string? text, out HostKeyPin? pin)
    {
        pin = null;
        var value = text?.Trim() ?? string.Empty;
        if (value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var digest = value[Prefix.Length..];
            if (digest.Length == 43 && TryDecode(digest + "=", out var bytes) && bytes.Length == 32)
            {
                pin = new HostKeyPin(value);
            }

            return pin is not null;
        }

        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 2 && (parts[0].StartsWith("ssh-", StringComparison.Ordinal) || parts[0].StartsWith("ecdsa-", StringComparison.Ordinal)))
        {
            if (TryDecode(parts[1], out var blob) && blob.Length > 0)
            {
                pin = new HostKeyPin(FingerprintOf(blob));
            }
        }

        return pin is not null;
    }

    public static HostKeyPin Parse(string text, string where) =>
        TryParse(text, out var pin) ? pin! : throw new FormatException($"{where}: \"{text}\" is not {Syntax}.");

    /// <summary>The SHA256 fingerprint of a public key blob, written as OpenSSH writes it.</summary>
    public static string FingerprintOf(byte[] keyBlob) => Prefix + Convert.ToBase64String(SHA256.HashData(keyBlob)).TrimEnd('=');

    public bool Matches(byte[] keyBlob) => FingerprintOf(keyBlob) == Fingerprint;

    private static bool TryDecode(string base64, out byte[] bytes)
    {
        bytes = new byte[base64.Length];
        if (Convert.TryFromBase64String(base64, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }
}
