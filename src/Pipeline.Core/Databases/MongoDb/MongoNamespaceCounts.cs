namespace Pipeline.Core.Databases.MongoDb;

/// <summary>Document counts keyed by namespace ("db.collection"), as the tools print them.</summary>
public static class MongoNamespaceCounts
{
    /// <summary>The counts of <paramref name="database"/>'s collections, keyed by collection name.</summary>
    public static IReadOnlyDictionary<string, long> CollectionsOf(IReadOnlyDictionary<string, long> byNamespace, string database)
    {
        // Database names cannot contain '.', collection names can: the first '.' separates them.
        var prefix = database + ".";
        return byNamespace
            .Where(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(pair => pair.Key[prefix.Length..], pair => pair.Value, StringComparer.Ordinal);
    }
}
