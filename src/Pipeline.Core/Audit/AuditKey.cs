using System.Security.Cryptography;
using System.Text;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Secrets;

namespace Pipeline.Core.Audit;

/// <summary>
/// The key that seals the audit journal with HMAC-SHA256. It lives where the journal's state store cannot hold
/// it (an environment variable of the run, or the secret store), so someone who can only write the state store
/// cannot re-seal a record they edited, nor forge a head after removing records.
/// </summary>
public sealed class AuditKey
{
    /// <summary>Where the key is looked up first: an environment variable of the run (a CI secret).</summary>
    public static readonly SecretReference EnvironmentReference = new(SecretSource.Env, "PIPELINE_AUDIT_KEY");

    /// <summary>Where the key is looked up next: an entry of the secret store.</summary>
    public static readonly SecretReference StoreReference = new(SecretSource.Store, "pipeline/audit-key");

    /// <summary>Shorter keys are refused: 32 characters of a random key carry enough entropy for HMAC-SHA256.</summary>
    public const int MinimumLength = 32;

    private readonly byte[] key;

    /// <summary>A key from its text; the text is a secret.</summary>
    /// <exception cref="SecretException">The key is shorter than <see cref="MinimumLength"/>.</exception>
    public AuditKey(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length < MinimumLength)
        {
            throw new SecretException(
                $"{source}: the audit key is {text.Length} characters long; expected at least {MinimumLength} random characters "
                + "(e.g. the output of: openssl rand -hex 32).");
        }

        key = Encoding.UTF8.GetBytes(text);
        Source = source;
    }

    /// <summary>Where the key came from, for messages (never the key itself).</summary>
    public string Source { get; }

    /// <summary>Both places the key may be set, for messages.</summary>
    public static string Where => $"{EnvironmentReference} or {StoreReference}";

    /// <summary>The key from <see cref="EnvironmentReference"/>, else <see cref="StoreReference"/>; null when neither is set.</summary>
    public static AuditKey? Find(SecretResolver secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        foreach (var reference in new[] { EnvironmentReference, StoreReference })
        {
            if (secrets.TryResolve(reference) is { } text)
            {
                return new AuditKey(text, secrets.Describe(reference));
            }
        }

        return null;
    }

    /// <summary>The key from the run's environment or the default secret store; registers it with <paramref name="masker"/>.</summary>
    public static AuditKey? FromDefaultSources(SecretMasker masker) =>
        Find(new SecretResolver([new EnvironmentSecretSource(), new FileSecretStore(FileSecretStore.DefaultPath)], masker));

    /// <summary>The lowercase hex HMAC-SHA256 of what a seal covers: its kind ("record", "head"), the sequence and the record's hash.</summary>
    public string Seal(string kind, long sequence, string hash) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"pipeline-audit/{kind}/{sequence}/{hash}")));

    /// <summary>Whether <paramref name="mac"/> is the seal of <paramref name="kind"/>, <paramref name="sequence"/> and <paramref name="hash"/>, compared in constant time.</summary>
    public bool Verifies(string kind, long sequence, string hash, string mac) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Seal(kind, sequence, hash)), Encoding.ASCII.GetBytes(mac ?? string.Empty));
}
