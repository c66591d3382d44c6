using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Analysis;

/// <summary>A metric's success condition: a comparison with a number, written "&lt; 0.01", "&lt;= 250", "&gt;= 0.99", "== 0".</summary>
public sealed partial record SuccessCondition(string Operator, double Threshold)
{
    public static SuccessCondition Parse(string text, string where)
    {
        var match = Pattern().Match(text ?? string.Empty);
        return match.Success && double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold)
            ? new SuccessCondition(match.Groups["op"].Value, threshold)
            : throw new FormatException($"{where}: \"{text}\" is not a success condition; expected an operator (<, <=, >, >=, ==) and a number, e.g. \"< 0.01\".");
    }

    public bool IsMetBy(double value) => Operator switch
    {
        "<" => value < Threshold,
        "<=" => value <= Threshold,
        ">" => value > Threshold,
        ">=" => value >= Threshold,
        _ => value == Threshold,
    };

    public override string ToString() => $"{Operator} {Threshold.ToString(CultureInfo.InvariantCulture)}";

    [GeneratedRegex(@"^\s*(?<op><=|>=|==|<|>)\s*(?<n>[-+0-9.eE]+)\s*$")]
    private static partial Regex Pattern();
}
