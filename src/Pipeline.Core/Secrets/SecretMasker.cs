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

    /// <summary>
    /// Masks <paramref name="secret"/> from now on, in every form it can be echoed as (see <see cref="SecretForms"/>):
    /// a webhook URL's path or token is masked even where the rest of the URL is not shown.
    /// </summary>
    public void Add(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < MinimumLength)
        {
            return;
        }

        var forms = SecretForms.Of(secret, MinimumLength);
        lock (gate)
        {
            // Longest first, so a secret that contains another is masked whole.
            values = [.. values.Concat(forms).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)];
        }
    }

    /// <summary><paramref name="text"/> with every form of every secret added so far replaced by <see cref="Mask"/>.</summary>
    public string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var current = values;
        foreach (var secret in current)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
