namespace Pipeline.Core.Secrets;

/// <summary>
/// Remembers every secret value resolved in this process and blanks it out of any text that is about
/// to be shown: logs, notifications, reports, the audit journal.
/// </summary>
public sealed class SecretMasker
{
    public const string Mask = "****";

    // Very short values would mask ordinary words; such secrets are rejected when resolved instead.
    public const int MinimumLength = 4;

    private readonly Lock gate = new();
    private string[] values = [];

    public void Add(string secret)
    {
        if (secret.Length < MinimumLength)
        {
            return;
        }

        lock (gate)
        {
            // Longest first, so a secret that contains another is masked whole.
            values = [.. values.Append(secret).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)];
        }
    }

    public string Apply(string text)
    {
        var current = values;
        foreach (var secret in current)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
