using System.Globalization;
using System.Xml.Linq;

namespace Pipeline.Core.Quality;

/// <summary>Line and branch coverage read from a Cobertura report.</summary>
public sealed record CoverageSummary(int LinesCovered, int LinesValid, int BranchesCovered, int BranchesValid)
{
    public double LinePercent => LinesValid == 0 ? 100 : 100.0 * LinesCovered / LinesValid;

    public double BranchPercent => BranchesValid == 0 ? 100 : 100.0 * BranchesCovered / BranchesValid;

    public static CoverageSummary FromCobertura(string path)
    {
        var root = XDocument.Load(path).Root ?? throw new InvalidDataException($"{path}: not a Cobertura report (no root element).");
        int Read(string name) =>
            int.TryParse(root.Attribute(name)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new InvalidDataException($"{path}: the Cobertura report has no whole-number attribute '{name}' on <coverage>.");
        return new CoverageSummary(Read("lines-covered"), Read("lines-valid"), Read("branches-covered"), Read("branches-valid"));
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"line {LinePercent:F1}% ({LinesCovered}/{LinesValid}), branch {BranchPercent:F1}% ({BranchesCovered}/{BranchesValid})");
}
