using System.Text.Json;

namespace Trading.App.Orders;

/// <summary>
/// Reads an order request from a JSON object by hand rather than by deserializing, so a field of the wrong
/// type is reported against that field and every other field is still validated.
/// </summary>
public static class OrderRequestReader
{
    public static OrderRequest Read(JsonElement body, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(OrderFields.Body, $"the request body must be a JSON object, not {Describe(body.ValueKind)}");
            return new OrderRequest(null, null, null, null);
        }

        return new OrderRequest(
            ReadString(body, OrderFields.Symbol, errors),
            ReadString(body, OrderFields.Side, errors),
            ReadNumber(body, OrderFields.Quantity, "a whole number", errors),
            ReadNumber(body, OrderFields.Price, "a number", errors),
            ReadString(body, OrderFields.ClientOrderId, errors));
    }

    private static string? ReadString(JsonElement body, string field, ValidationErrors errors)
    {
        if (!TryGetProperty(body, field, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        errors.Add(field, $"{field} must be a string, not {Describe(value.ValueKind)}");
        return null;
    }

    private static decimal? ReadNumber(JsonElement body, string field, string expected, ValidationErrors errors)
    {
        if (!TryGetProperty(body, field, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
        {
            return number;
        }

        errors.Add(field, $"{field} must be {expected}, not {(value.ValueKind == JsonValueKind.Number ? "a number that large" : Describe(value.ValueKind))}");
        return null;
    }

    /// <summary>Finds a property by name, ignoring case; JSON null counts as absent.</summary>
    private static bool TryGetProperty(JsonElement body, string name, out JsonElement value)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind != JsonValueKind.Null)
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
