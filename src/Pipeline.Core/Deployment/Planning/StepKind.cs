namespace Pipeline.Core.Deployment.Planning;

/// <summary>The kinds of step a deploy or rollback is made of, in the names --dryrun prints.</summary>
public enum StepKind
{
    VerifyArtifact,
    PrepareTarget,
    StageFrontEnd,
    BackUp,
    Migrate,
    PublishFrontEnd,
    CutOver,
    Retain,
    VerifyRelease,
    SafetyBackup,
    RestoreDatabase,
    RestoreConfig,
    Restart,
    FreezeWrites,
    SaveReconciliation,
    KeepIds,
    LiftFreeze,
    CheckHealth,
    CheckTargets,
    CanaryAnalysis,
    SwitchTraffic,
}
