namespace Pipeline.Core.Containers;

/// <summary>Which images a clean-up removes from an engine, on any kind of container target.</summary>
public static class ReleaseImages
{
    /// <summary>
    /// The images the deleted releases name (<paramref name="deleted"/>) that no remaining release names
    /// (<paramref name="remaining"/>: the live one, the last good one, any other kept), each once; null is a release
    /// without an image.
    /// </summary>
    public static IReadOnlyList<string> NoLongerNamed(IEnumerable<string?> deleted, IEnumerable<string?> remaining)
    {
        var stillNamed = remaining.OfType<string>().ToHashSet(StringComparer.Ordinal);
        return [.. deleted.OfType<string>().Where(i => !stillNamed.Contains(i)).Distinct(StringComparer.Ordinal)];
    }
}
