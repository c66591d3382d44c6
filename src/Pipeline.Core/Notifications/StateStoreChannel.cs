using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Core.State;

namespace Pipeline.Core.Notifications;

/// <summary>Keeps every notice as a JSON record in the environment's state store, under notifications/.</summary>
public sealed partial class StateStoreChannel(IStateStore store) : INotificationChannel
{
    public const string Prefix = "notifications/";

    public string Name => "state store";

    public static string KeyOf(DeploymentNotice notice) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{notice.At.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{KeyPart(notice.Target)}-{KeyPart(notice.Outcome)}.json");

    public Task SendAsync(DeploymentNotice notice, CancellationToken cancellationToken)
    {
        store.Put(KeyOf(notice), notice);
        return Task.CompletedTask;
    }

    // Outcomes like "rolled back" and free-form target names must not add spaces or '/' levels to a key.
    private static string KeyPart(string text) => UnsafeKeyCharacters().Replace(text, "-");

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeKeyCharacters();
}
