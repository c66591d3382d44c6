namespace Pipeline.Build.Infrastructure;

/// <summary>
/// --promote and --abort speak to a deploy already running; a run that would also build, test or back up first (and
/// take the lock the running deploy holds) is refused before anything runs.
/// </summary>
internal static class CanaryOrderGate
{
    public static void Require(BuildContext context, IReadOnlyList<string> running)
    {
        if (context.CanaryOrder is not { } order || running is [nameof(Tasks.Deploy)])
        {
            return;
        }

        var flag = $"--{order.ToString().ToLowerInvariant()}";
        throw new Pipeline.Core.Configuration.ConfigurationException(
            $"{flag} tells the canary deploy in progress what to do and must run alone, not after {string.Join(", ", running.Where(t => t != nameof(Tasks.Deploy)))}: ./build.sh --target=Deploy --exclusive --env={context.EnvironmentName} {flag}");
    }
}
