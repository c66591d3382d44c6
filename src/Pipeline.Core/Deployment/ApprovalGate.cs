using Pipeline.Core.Configuration;

namespace Pipeline.Core.Deployment;

/// <summary>Asks a person at a terminal to confirm; null when there is no one to ask (CI, redirected input).</summary>
public interface IApprovalPrompt
{
    /// <summary>Shows <paramref name="question"/> and returns what was typed, or null when nobody can answer.</summary>
    string? Ask(string question);
}

/// <summary>
/// Enforces <c>deployment.requireApproval</c>: a deploy or rollback of such an environment goes ahead only with
/// --approve (an optional reason as its value) or, at a terminal, the environment's name typed at the prompt.
/// </summary>
public static class ApprovalGate
{
    /// <summary>
    /// The approval, or null when none is required; throws, before anything changes, when one is required and not given.
    /// <paramref name="approveFlag"/> is the value of --approve: null when absent, "" or "true" when given bare, else the reason.
    /// </summary>
    public static Approval? Require(bool required, string environment, string? approveFlag, string who, string? ciRun, IApprovalPrompt? prompt, TimeProvider? clock = null)
    {
        if (!required)
        {
            return null;
        }

        var now = (clock ?? TimeProvider.System).GetUtcNow();
        if (approveFlag is not null)
        {
            var reason = approveFlag is "" or "true" ? null : approveFlag;
            return new Approval(who, now, "--approve", reason, ciRun);
        }

        var typed = prompt?.Ask($"{environment} requires approval. Type the environment's name ({environment}) to go ahead: ");
        if (typed is not null)
        {
            return typed.Trim() == environment
                ? new Approval(who, now, "typed the environment's name at the prompt", null, ciRun)
                : throw new ConfigurationException($"Approval refused: \"{typed.Trim()}\" is not \"{environment}\". Nothing was changed.");
        }

        throw new ConfigurationException(
            $"{environment} requires an explicit approval (deployment.requireApproval is true): run again with --approve (or --approve=\"<reason>\"), or in a terminal type the environment's name when asked. Nothing was changed.");
    }
}
