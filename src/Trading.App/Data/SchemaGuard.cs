using System.Data.Common;

namespace Trading.App.Data;

/// <summary>
/// Compares the database's applied schema version (the highest successful version in the history table the
/// pipeline writes when it migrates) with the highest migration shipped with this build. The app serves on its own
/// schema and on any newer one reached by expand migrations only (expand/contract: the previous release keeps running
/// while a new one migrates, and an automatic rollback is an application switch); it refuses an older schema, a newer
/// one with a contract migration above its own, and any migration recorded as failed.
/// </summary>
public sealed class SchemaGuard(TradingDatabase database, MigrationCatalog migrations)
{
    private const string DeployHint = "apply pending migrations with ./build.sh --target=Deploy";

    public SchemaCheck Check()
    {
        AppMigration expected;
        try
        {
            expected = migrations.Latest();
        }
        catch (InvalidOperationException ex)
        {
            return new SchemaCheck(false, null, null, ex.Message);
        }

        var name = database.DisplayName;
        var wanted = $"this build of the app expects {expected.Version} ({expected.RelativePath})";
        var wantedVersion = $"this build of the app expects schema version {expected.Version} ({expected.RelativePath})";
        if (database.Absence() is { } absence)
        {
            return Fail(null, $"{name}: {absence}; {wantedVersion}; {DeployHint}");
        }

        AppliedSchema? applied;
        try
        {
            applied = database.ReadAppliedSchema();
        }
        catch (DbException ex)
        {
            var where = database is SqliteTradingDatabase sqlite ? $"the database at {sqlite.FilePath}" : "the database";
            return Fail(null, $"{name}: cannot read {where}: {ex.Message}");
        }

        if (applied is null)
        {
            return Fail(null, $"{name}: has no {database.HistoryTable} table, so no migration was ever applied; {wantedVersion}; {DeployHint}");
        }

        if (applied.FailedVersions.Count > 0)
        {
            var failed = string.Join(", ", applied.FailedVersions.Select(v => $"{v:D4}"));
            return Fail(
                applied.Version,
                $"{name}: migration {failed} is recorded as failed in {database.HistoryTable} (schema version {applied.Version}); "
                + $"fix it, clear it with ./build.sh --target=MigrationRepair --migration={applied.FailedVersions[0]}, then deploy again");
        }

        var found = $"{name}: schema version {applied.Version}, {wanted}";
        if (applied.Version < expected.Version)
        {
            return Fail(applied.Version, $"{found}; {DeployHint}");
        }

        if (applied.ContractFloor > expected.Version)
        {
            return Fail(applied.Version, $"{found}; contract migration {applied.ContractFloor:D4} removed what this build needs: deploy a release at {applied.ContractFloor} or later, or roll the database back");
        }

        return new SchemaCheck(true, applied.Version, expected.Version, applied.Version == expected.Version
            ? $"{name}: schema version {applied.Version}, as this build of the app expects"
            : $"{name}: schema version {applied.Version}, newer than this build's {expected.Version} by expand migrations only, which it runs on");

        SchemaCheck Fail(int? version, string message) => new(false, version, expected.Version, message);
    }
}
