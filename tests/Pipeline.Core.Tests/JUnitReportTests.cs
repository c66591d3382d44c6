using System.Xml.Linq;
using Pipeline.E2E;

namespace Pipeline.Core.Tests;

public sealed class JUnitReportTests
{
    [Fact]
    public void Steps_become_test_cases_and_a_failure_carries_its_message()
    {
        var path = Path.Combine(Path.GetTempPath(), $"junit-{Guid.NewGuid():N}.xml");
        JUnitReport.Write(path, "Suite", [
            new StepResult("the page loads", true, TimeSpan.FromSeconds(1.5)),
            new StepResult("quotes appear", false, TimeSpan.FromSeconds(20), "timed out waiting for quote rows"),
        ]);

        var suite = XDocument.Load(path).Root!.Element("testsuite")!;
        File.Delete(path);

        Assert.Equal("2", suite.Attribute("tests")!.Value);
        Assert.Equal("1", suite.Attribute("failures")!.Value);
        var failed = suite.Elements("testcase").Single(c => c.Element("failure") is not null);
        Assert.Equal("quotes appear", failed.Attribute("name")!.Value);
        Assert.Equal("timed out waiting for quote rows", failed.Element("failure")!.Attribute("message")!.Value);
    }
}
