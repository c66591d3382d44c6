namespace Pipeline.Core.Configuration;

public enum DiffKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>One difference between two environments, keyed by JSON path.</summary>
public sealed record SettingDifference(string Path, DiffKind Kind, string? Left, string? Right)
{
    public override string ToString() => Kind switch
    {
        DiffKind.Added => $"+ {Path}: {Right}",
        DiffKind.Removed => $"- {Path}: {Left}",
        _ => $"~ {Path}: {Left} -> {Right}",
    };
}

/// <summary>A keyed diff of two settings trees; secret references are compared as references, never resolved.</summary>
public static class ConfigDiff
{
    public static IReadOnlyList<SettingDifference> Compare(object left, object right)
    {
        var a = SettingsFlattener.Flatten(left).Where(e => e.Path != "name").ToDictionary(e => e.Path, e => e.Value);
        var b = SettingsFlattener.Flatten(right).Where(e => e.Path != "name").ToDictionary(e => e.Path, e => e.Value);
        var differences = new List<SettingDifference>();
        foreach (var path in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            var inLeft = a.TryGetValue(path, out var l);
            var inRight = b.TryGetValue(path, out var r);
            if (inLeft && !inRight)
            {
                differences.Add(new SettingDifference(path, DiffKind.Removed, l, null));
            }
            else if (!inLeft && inRight)
            {
                differences.Add(new SettingDifference(path, DiffKind.Added, null, r));
            }
            else if (l != r)
            {
                differences.Add(new SettingDifference(path, DiffKind.Changed, l, r));
            }
        }

        return differences;
    }
}
