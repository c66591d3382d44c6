using System.Globalization;
using System.Xml.Linq;

namespace Pipeline.E2E;

/// <summary>Writes step results as a JUnit XML test suite, which CI systems display as tests.</summary>
public static class JUnitReport
{
    public static void Write(string path, string suiteName, IReadOnlyList<StepResult> steps)
    {
        var suite = new XElement(
            "testsuite",
            new XAttribute("name", suiteName),
            new XAttribute("tests", steps.Count),
            new XAttribute("failures", steps.Count(s => !s.Passed)),
            new XAttribute("time", Seconds(steps.Aggregate(TimeSpan.Zero, (total, s) => total + s.Duration))),
            steps.Select(step => new XElement(
                "testcase",
                new XAttribute("classname", suiteName),
                new XAttribute("name", step.Name),
                new XAttribute("time", Seconds(step.Duration)),
                step.Passed ? null : new XElement("failure", new XAttribute("message", step.Failure ?? "failed"), step.Failure))));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        new XDocument(new XElement("testsuites", suite)).Save(path);
    }

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture);
}
