namespace Pipeline.Core.Notifications;

/// <summary>Where and how to send notice mails; <paramref name="Password"/> is a resolved secret.</summary>
public sealed record EmailOptions(string Host, int Port, bool UseTls, string From, IReadOnlyList<string> To, string? Username, string? Password)
{
    // A record prints every property; the password must not reach a log that way.
    public override string ToString() =>
        $"{nameof(EmailOptions)} {{ Host = {Host}, Port = {Port}, UseTls = {UseTls}, From = {From}, To = {string.Join(", ", To)}, Username = {Username} }}";
}
