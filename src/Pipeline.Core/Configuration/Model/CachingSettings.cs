using System.ComponentModel;

namespace Pipeline.Core.Configuration.Model;

public enum CacheProvider
{
    Memory,
    Redis,
}

public sealed record CachingSettings
{
    [Description("Whether quotes are cached.")]
    public required bool Enabled { get; init; }

    [Description("memory (in the app) or redis (needs connection).")]
    public CacheProvider Provider { get; init; } = CacheProvider.Memory;

    [Description("How long a quote stays cached, in seconds.")]
    public int TtlSeconds { get; init; } = 5;

    [Description("Redis only: a secret reference to the connection string.")]
    public SecretReference? Connection { get; init; }
}
