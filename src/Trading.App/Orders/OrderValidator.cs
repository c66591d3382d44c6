using System.Text.RegularExpressions;

namespace Trading.App.Orders;

/// <summary>The rules an order must pass. Every field is checked, so one response lists every problem.</summary>
public sealed partial class OrderValidator
{
    public const int MaxQuantity = 1_000_000;
    public const decimal PriceLimit = 1_000_000m;
    public const int MaxPriceDecimals = 4;
    public const int MaxClientOrderIdLength = 64;

    private readonly IReadOnlyList<string> symbols;

    public OrderValidator(IEnumerable<string> quotedSymbols)
    {
        ArgumentNullException.ThrowIfNull(quotedSymbols);
        symbols = [.. quotedSymbols];
    }

    public OrderValidation Validate(OrderRequest request) => Validate(request, new ValidationErrors());

    /// <summary>
    /// Validates <paramref name="request"/>, adding to <paramref name="errors"/>; a field that already has an
    /// error (e.g. it was of the wrong JSON type) is not checked again.
    /// </summary>
    public OrderValidation Validate(OrderRequest request, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);

        var symbol = CheckSymbol(request.Symbol, errors);
        var side = CheckSide(request.Side, errors);
        var quantity = CheckQuantity(request.Quantity, errors);
        var price = CheckPrice(request.Price, errors);
        var clientOrderId = CheckClientOrderId(request.ClientOrderId, errors);

        return errors.IsEmpty
            ? new OrderValidation(new NewOrder(symbol!, side!, quantity!.Value, price!.Value, clientOrderId), errors)
            : new OrderValidation(null, errors);
    }

    private string? CheckSymbol(string? value, ValidationErrors errors)
    {
        if (errors.Contains(OrderFields.Symbol))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(OrderFields.Symbol, "symbol is required");
            return null;
        }

        var match = symbols.FirstOrDefault(s => string.Equals(s, value.Trim(), StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            errors.Add(OrderFields.Symbol, $"symbol \"{value}\" is not quoted; expected one of {string.Join(", ", symbols)}");
        }

        return match;
    }

    private static string? CheckSide(string? value, ValidationErrors errors)
    {
        if (errors.Contains(OrderFields.Side))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(OrderFields.Side, "side is required: \"buy\" or \"sell\"");
            return null;
        }

        var side = value.Trim().ToLowerInvariant();
        if (side is "buy" or "sell")
        {
            return side;
        }

        errors.Add(OrderFields.Side, $"side \"{value}\" is not valid; expected \"buy\" or \"sell\"");
        return null;
    }

    private static int? CheckQuantity(decimal? value, ValidationErrors errors)
    {
        if (errors.Contains(OrderFields.Quantity))
        {
            return null;
        }

        if (value is not { } quantity)
        {
            errors.Add(OrderFields.Quantity, "quantity is required");
            return null;
        }

        var valid = true;
        if (quantity != decimal.Truncate(quantity))
        {
            errors.Add(OrderFields.Quantity, "quantity must be a whole number");
            valid = false;
        }

        if (quantity is < 1 or > MaxQuantity)
        {
            errors.Add(OrderFields.Quantity, $"quantity must be between 1 and {MaxQuantity:N0}");
            valid = false;
        }

        return valid ? (int)quantity : null;
    }

    private static decimal? CheckPrice(decimal? value, ValidationErrors errors)
    {
        if (errors.Contains(OrderFields.Price))
        {
            return null;
        }

        if (value is not { } price)
        {
            errors.Add(OrderFields.Price, "price is required");
            return null;
        }

        var valid = true;
        if (price <= 0)
        {
            errors.Add(OrderFields.Price, "price must be greater than 0");
            valid = false;
        }

        if (price >= PriceLimit)
        {
            errors.Add(OrderFields.Price, $"price must be below {PriceLimit:N0}");
            valid = false;
        }

        if (!HasAtMostDecimals(price, MaxPriceDecimals))
        {
            errors.Add(OrderFields.Price, $"price must have at most {MaxPriceDecimals} decimal places");
            valid = false;
        }

        return valid ? Normalize(price) : null;
    }

    private static string? CheckClientOrderId(string? value, ValidationErrors errors)
    {
        if (value is null || errors.Contains(OrderFields.ClientOrderId))
        {
            return null;
        }

        if (value.Length is 0 or > MaxClientOrderIdLength)
        {
            errors.Add(OrderFields.ClientOrderId, $"clientOrderId must be 1 to {MaxClientOrderIdLength} characters long");
            return null;
        }

        if (!ClientOrderIdCharacters().IsMatch(value))
        {
            errors.Add(OrderFields.ClientOrderId, "clientOrderId may contain only letters, digits, '-', '_' and '.'");
            return null;
        }

        return value;
    }

    /// <summary>
    /// Judged on the value, not on how it was written: 101.250000 has two decimal places, since JSON
    /// numbers keep their trailing zeros when read as decimal.
    /// </summary>
    public static bool HasAtMostDecimals(decimal value, int decimals) => decimal.Round(value, decimals) == value;

    /// <summary>Drops trailing zeros so the stored and returned price is the plain value (101.25, not 101.2500).</summary>
    public static decimal Normalize(decimal value) => value / 1.0000000000000000000000000000m;

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex ClientOrderIdCharacters();
}
