using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Pipeline.Core.Quality;

/// <summary>One failed test: its name, message, and where it failed (the first stack frame in the repository).</summary>
public sealed record FailedTest(string Name, string Message, string? StackTrace, string? File, int? Line);

/// <summary>The counts and failures of one TRX file (the VSTest results format).</summary>
public sealed partial record TrxResults(int Passed, int Failed, int Skipped, IReadOnlyList<FailedTest> Failures)
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public static TrxResults Empty { get; } = new(0, 0, 0, []);

    public int Total => Passed + Failed + Skipped;

    public TrxResults Add(TrxResults other) =>
        new(Passed + other.Passed, Failed + other.Failed, Skipped + other.Skipped, [.. Failures, .. other.Failures]);

    /// <summary>Reads <paramref name="path"/>; file paths in stack traces are made relative to <paramref name="root"/>.</summary>
    public static TrxResults Read(string path, string root)
    {
        var document = XDocument.Load(path);
        int passed = 0, failed = 0, skipped = 0;
        var failures = new List<FailedTest>();
        foreach (var result in document.Descendants(Ns + "UnitTestResult"))
        {
            switch (result.Attribute("outcome")?.Value)
            {
                case "Passed":
                    passed++;
                    break;
                case "Failed" or "Error" or "Timeout" or "Aborted":
                    failed++;
                    var error = result.Element(Ns + "Output")?.Element(Ns + "ErrorInfo");
                    var stack = error?.Element(Ns + "StackTrace")?.Value.Trim();
                    var (file, line) = FirstFrameIn(stack, root);
                    failures.Add(new FailedTest(
                        result.Attribute("testName")?.Value ?? "(unnamed test)",
                        error?.Element(Ns + "Message")?.Value.Trim() ?? "(no message)",
                        stack,
                        file,
                        line));
                    break;
                default:
                    skipped++;
                    break;
            }
        }

        return new TrxResults(passed, failed, skipped, failures);
    }

    private static (string? File, int? Line) FirstFrameIn(string? stack, string root)
    {
        if (stack is null)
        {
            return (null, null);
        }

        var fullRoot = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        foreach (Match frame in Frame().Matches(stack))
        {
            var file = frame.Groups["file"].Value.Trim();
            if (file.StartsWith(fullRoot, StringComparison.Ordinal))
            {
                return (Path.GetRelativePath(fullRoot, file).Replace('\\', '/'), int.Parse(frame.Groups["line"].Value, CultureInfo.InvariantCulture));
            }
        }

        return (null, null);
    }

    [GeneratedRegex(@" in (?<file>.+?):line (?<line>\d+)")]
    private static partial Regex Frame();
}
