using Pipeline.Core.Secrets;

namespace Pipeline.Core.Audit;

/// <summary>Blanks every known secret out of each string of an actor and an entry before they are sealed into the journal.</summary>
internal static class AuditMasking
{
    public static AuditActor Masked(this AuditActor who, SecretMasker masker) =>
        new(masker.Apply(who.User), masker.Apply(who.Host), Apply(masker, who.CiRun));

    public static AuditEntry Masked(this AuditEntry what, SecretMasker masker) =>
        new(
            Action: masker.Apply(what.Action),
            Environment: masker.Apply(what.Environment),
            Outcome: masker.Apply(what.Outcome),
            FromVersion: Apply(masker, what.FromVersion),
            ToVersion: Apply(masker, what.ToVersion),
            Components: Apply(masker, what.Components),
            BackupIds: Apply(masker, what.BackupIds),
            Reason: Apply(masker, what.Reason),
            DeploymentId: Apply(masker, what.DeploymentId),
            Target: Apply(masker, what.Target));

    private static string? Apply(SecretMasker masker, string? text) => text is null ? null : masker.Apply(text);

    private static List<string>? Apply(SecretMasker masker, IReadOnlyList<string>? texts) =>
        texts?.Select(masker.Apply).ToList();
}
