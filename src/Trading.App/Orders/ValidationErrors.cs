namespace Trading.App.Orders;

/// <summary>Every reason a request was refused, grouped by field; fields are listed in the order of <see cref="OrderFields.All"/>.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> byField = new(StringComparer.Ordinal);
    private readonly List<string> fieldOrder = [];

    public bool IsEmpty => fieldOrder.Count == 0;

    public IReadOnlyCollection<string> Fields => fieldOrder;

    public void Add(string field, string message)
    {
        if (!byField.TryGetValue(field, out var messages))
        {
            messages = [];
            byField[field] = messages;
            fieldOrder.Add(field);
        }

        messages.Add(message);
    }

    public bool Contains(string field) => byField.ContainsKey(field);

    public IReadOnlyList<string> For(string field) => byField.TryGetValue(field, out var messages) ? messages : [];

    /// <summary>The shape of the "errors" object in a 400 response: field name to its messages.</summary>
    public IReadOnlyDictionary<string, string[]> ToDictionary()
    {
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var field in fieldOrder.OrderBy(Rank))
        {
            result[field] = [.. byField[field]];
        }

        return result;
    }

    private static int Rank(string field)
    {
        for (var i = 0; i < OrderFields.All.Count; i++)
        {
            if (OrderFields.All[i] == field)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
