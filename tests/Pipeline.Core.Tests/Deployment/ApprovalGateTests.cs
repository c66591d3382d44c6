using Pipeline.Core.Configuration;
using Pipeline.Core.Deployment;

namespace Pipeline.Core.Tests.Deployment;

public sealed class ApprovalGateTests
{
    [Fact]
    public void An_environment_that_does_not_require_approval_needs_none() =>
        Assert.Null(ApprovalGate.Require(false, "development", null, "dev@box", null, new Answer(null)));

    [Fact]
    public void Without_approve_and_with_nobody_at_a_terminal_the_run_is_refused_saying_how_to_approve()
    {
        var error = Assert.Throws<ConfigurationException>(() => ApprovalGate.Require(true, "production", null, "ci", null, new Answer(null)));

        Assert.Contains("--approve", error.Message);
        Assert.Contains("Nothing was changed", error.Message);
    }

    [Fact]
    public void Approve_with_a_reason_is_recorded_with_who_how_why_and_the_ci_run()
    {
        var approval = ApprovalGate.Require(true, "production", "hotfix for ticket 42", "alice", "https://ci/runs/7", new Answer(null));

        Assert.Equal(("alice", "--approve", "hotfix for ticket 42", "https://ci/runs/7"), (approval!.By, approval.How, approval.Reason, approval.CiRun));
    }

    [Fact]
    public void A_bare_approve_carries_no_reason() =>
        Assert.Null(ApprovalGate.Require(true, "production", "true", "alice", null, new Answer(null))!.Reason);

    [Fact]
    public void At_a_terminal_typing_the_environment_name_approves_and_anything_else_refuses()
    {
        Assert.Equal("typed the environment's name at the prompt", ApprovalGate.Require(true, "production", null, "bob", null, new Answer("production\n"))!.How);
        Assert.Throws<ConfigurationException>(() => ApprovalGate.Require(true, "production", null, "bob", null, new Answer("yes")));
    }

    private sealed class Answer(string? typed) : IApprovalPrompt
    {
        public string? Ask(string question) => typed;
    }
}
