using Pipeline.Core.Quality;

namespace Pipeline.Core.Tests;

public sealed class DiagnosticParserTests
{
    [Fact]
    public void Reads_a_dotnet_format_finding_relative_to_the_root()
    {
        var finding = DiagnosticParser.ParseLine(
            "/repo/src/App/Orders.cs(12,5): error WHITESPACE: Fix whitespace formatting. Replace 9 characters with '\\n    '. [/repo/src/App/App.csproj]",
            "/repo");

        Assert.Equal(new Finding("src/App/Orders.cs", 12, 5, FindingSeverity.Error, "WHITESPACE", "Fix whitespace formatting. Replace 9 characters with '\\n    '."), finding);
        Assert.Equal("src/App/Orders.cs:12: WHITESPACE: Fix whitespace formatting. Replace 9 characters with '\\n    '.", finding!.ToString());
    }

    [Fact]
    public void Reads_an_analyzer_warning()
    {
        var finding = DiagnosticParser.ParseLine("/repo/build/Tasks/Lint.cs(3,1): warning CA1822: Member 'X' does not access instance data [/repo/build/Build.csproj]", "/repo");

        Assert.Equal(FindingSeverity.Warning, finding!.Severity);
        Assert.Equal("CA1822", finding.Code);
    }

    [Fact]
    public void Reads_a_yamllint_finding()
    {
        var finding = DiagnosticParser.ParseLine(".github/workflows/ci-cd.yml:7:81: [error] line too long (95 > 80 characters) (line-length)", "/repo");

        Assert.Equal(new Finding(".github/workflows/ci-cd.yml", 7, 81, FindingSeverity.Error, "line-length", "line too long (95 > 80 characters)"), finding);
    }

    [Fact]
    public void Ignores_other_output_and_duplicates()
    {
        var line = "/repo/a.cs(1,1): error CS0001: boom [/repo/a.csproj]";

        var findings = DiagnosticParser.Parse(["Build FAILED.", line, line, "  Restored /repo/a.csproj"], "/repo");

        Assert.Single(findings);
    }

    [Fact]
    public void Annotations_escape_newlines_for_github()
    {
        var finding = new Finding("a.cs", 3, 4, FindingSeverity.Error, "X1", "first\nsecond 100%");

        Assert.Equal("::error file=a.cs,line=3,col=4,title=X1::first%0Asecond 100%25", finding.ToGitHubAnnotation());
    }

    [Fact]
    public void Coverage_is_read_from_cobertura()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """<?xml version="1.0"?><coverage line-rate="0.5" lines-covered="150" lines-valid="200" branches-covered="30" branches-valid="40"></coverage>""");

        var summary = CoverageSummary.FromCobertura(path);
        File.Delete(path);

        Assert.Equal(75.0, summary.LinePercent);
        Assert.Equal("line 75.0% (150/200), branch 75.0% (30/40)", summary.ToString());
    }
}
