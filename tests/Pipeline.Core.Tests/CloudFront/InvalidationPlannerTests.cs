using Pipeline.Core.Aws.CloudFront;

namespace Pipeline.Core.Tests.CloudFront;

public sealed class InvalidationPlannerTests
{
    [Fact]
    public void Few_changed_paths_are_invalidated_exactly_once_each_in_ordinal_order()
    {
        var paths = InvalidationPlanner.Plan(["index.html", "/assets/app.js", "/index.html"], collapseAbove: 10);

        Assert.Equal(["/assets/app.js", "/index.html"], paths);
    }

    [Theory]
    [InlineData("docs/read me.html", "/docs/read%20me.html")]
    [InlineData("/straße/ü.html", "/stra%C3%9Fe/%C3%BC.html")]
    [InlineData("/a{b}|c^d~e.txt", "/a%7Bb%7D%7Cc%5Ed%7Ee.txt")]
    [InlineData("/100%.txt", "/100%25.txt")]
    [InlineData("/star*.txt", "/star%2A.txt")]
    [InlineData("/keep-these_+=&@$,;:!'().txt", "/keep-these_+=&@$,;:!'().txt")]
    public void Paths_are_encoded_as_CloudFront_requires(string raw, string expected) =>
        Assert.Equal(expected, CloudFrontPath.Encode(raw));

    [Fact]
    public void Above_the_threshold_each_top_level_directory_collapses_to_a_wildcard_and_root_files_stay_exact()
    {
        var changed = Enumerable.Range(0, 80).Select(i => $"assets/js/chunk-{i}.js")
            .Concat(Enumerable.Range(0, 40).Select(i => $"img/{i}.png"))
            .Append("index.html");

        var paths = InvalidationPlanner.Plan(changed, collapseAbove: 100);

        Assert.Equal(["/assets/*", "/img/*", "/index.html"], paths);
    }

    [Fact]
    public void When_the_wildcards_would_exceed_CloudFronts_limit_everything_is_invalidated()
    {
        var changed = Enumerable.Range(0, 16).SelectMany(d => Enumerable.Range(0, 10).Select(f => $"dir{d:00}/{f}.html"));

        Assert.Equal(["/*"], InvalidationPlanner.Plan(changed, collapseAbove: 100));
    }

    [Fact]
    public void Nothing_changed_plans_nothing() => Assert.Empty(InvalidationPlanner.Plan([], collapseAbove: 100));

    [Theory]
    [InlineData(0)]
    [InlineData(3001)]
    public void A_threshold_outside_CloudFronts_limits_is_refused_naming_the_value(int threshold)
    {
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => InvalidationPlanner.Plan(["/a"], threshold));

        Assert.Contains($"{threshold}", refused.Message);
        Assert.Contains("3000", refused.Message);
    }
}
