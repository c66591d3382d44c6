using Pipeline.Core.Ci;
using Pipeline.Core.Configuration;

namespace Pipeline.Core.Tests;

/// <summary>ConfigValidate's one pass: every fault of a file at once, each at the line of its key.</summary>
public sealed class ConfigOnePassTests : IDisposable
{
    private readonly TempEnvironments environments = new();

    [Fact]
    public void Key_faults_and_rule_faults_are_reported_together()
    {
        Write("staging", environments.Read("staging")
            .Replace("\"port\": 8080", "\"prot\": 8080", StringComparison.Ordinal)
            .Replace("\"tokenLifetimeMinutes\": 60", "\"tokenLifetimeMinutes\": 5000", StringComparison.Ordinal));

        var check = EnvironmentLoader.Check(environments.Read("staging"), "staging", environments.PathOf("staging"));

        Assert.Equal(["$.auth.tokenLifetimeMinutes", "$.server.port", "$.server.prot"], check.Errors.Select(e => e.JsonPath).Order(StringComparer.Ordinal));
        Assert.Contains(check.Errors, e => e is { JsonPath: "$.auth.tokenLifetimeMinutes", Found: "5000" });
        Assert.Contains(check.Errors, e => e is { JsonPath: "$.server.port", Found: "nothing (the key is missing)" });
        Assert.Null(check.NotChecked);
        Assert.Null(check.Settings);
    }

    [Fact]
    public void Each_fault_carries_the_line_and_column_of_its_key_or_of_the_object_missing_it()
    {
        Write("staging", environments.Read("staging")
            .Replace("\"port\": 8080", "\"prot\": 8080", StringComparison.Ordinal)
            .Replace("\"tokenLifetimeMinutes\": 60", "\"tokenLifetimeMinutes\": 5000", StringComparison.Ordinal));
        var lines = environments.Read("staging").Split('\n');

        var errors = EnvironmentLoader.Check(environments.Read("staging"), "staging", environments.PathOf("staging")).Errors;

        Assert.All(errors, e => Assert.NotNull(e.Line));
        var lifetime = errors.Single(e => e.JsonPath == "$.auth.tokenLifetimeMinutes");
        Assert.Equal(Array.FindIndex(lines, l => l.Contains("\"tokenLifetimeMinutes\"", StringComparison.Ordinal)) + 1, lifetime.Line);
        Assert.Equal(lines[lifetime.Line!.Value - 1].IndexOf('"', StringComparison.Ordinal) + 1, lifetime.Column);
        var prot = errors.Single(e => e.JsonPath == "$.server.prot");
        Assert.Contains("\"prot\"", lines[prot.Line!.Value - 1], StringComparison.Ordinal);
        var missing = errors.Single(e => e.JsonPath == "$.server.port");
        Assert.Contains("\"server\"", lines[missing.Line!.Value - 1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_says_that_the_keys_and_rules_were_not_checked()
    {
        Write("staging", "{\n  \"name\": \"staging\",\n  \"server\": { \"port\": 80,, }\n}");

        var error = Assert.Throws<ConfigurationException>(() => new EnvironmentLoader(new EnvironmentCatalog(environments.Directory)).Load("staging"));

        var fault = Assert.Single(error.Errors);
        Assert.Equal((3, 26), (fault.Line, fault.Column));
        Assert.EndsWith("The keys and the rules were not checked: the file is not well-formed JSON.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_type_leaves_the_rules_checked_on_the_rest()
    {
        environments.Edit("production", root =>
        {
            root["server"]!["port"] = "8080";
            root["deployment"]!["requireApproval"] = false;
        });

        var errors = EnvironmentLoader.Check(environments.Read("production"), "production", environments.PathOf("production")).Errors;

        Assert.Equal(["$.deployment.requireApproval", "$.server.port"], errors.Select(e => e.JsonPath).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Under_GitHub_Actions_each_fault_is_an_error_annotation_at_its_key()
    {
        Write("staging", environments.Read("staging").Replace("\"tokenLifetimeMinutes\": 60", "\"tokenLifetimeMinutes\": 5000", StringComparison.Ordinal));
        var error = Assert.Single(EnvironmentLoader.Check(environments.Read("staging"), "staging", environments.PathOf("staging")).Errors);
        using var stdout = new StringWriter();
        var actions = new GitHubActions(name => name == GitHubActions.ActionsVariable ? "true" : null, stdout);

        ConfigAnnotations.Write(actions, [error], environments.Root);

        var relative = Path.GetRelativePath(environments.Root, environments.PathOf("staging")).Replace('\\', '/');
        Assert.Equal(
            $"::error file={relative},line={error.Line},col={error.Column},title=Configuration::$.auth.tokenLifetimeMinutes: found 5000; expected {error.Expected}",
            stdout.ToString().TrimEnd());
    }

    [Fact]
    public void Outside_GitHub_Actions_no_annotation_is_written()
    {
        using var stdout = new StringWriter();

        ConfigAnnotations.Write(new GitHubActions(_ => null, stdout), [new ConfigError("a.json", "$.x", "1", "2") { Line = 3, Column = 5 }], environments.Root);

        Assert.Empty(stdout.ToString());
    }

    private void Write(string name, string text) => environments.Write(name, text);

    public void Dispose() => environments.Dispose();
}
